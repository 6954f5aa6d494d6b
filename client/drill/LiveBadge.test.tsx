import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LiveBadge } from './LiveBadge.js';

describe('the live badge', () => {
  it('says live, and nothing more while every update was good', () => {
    render(<LiveBadge status="online" malformed={0} />);
    expect(screen.getByTestId('live-status').textContent).toBe('实时');
    expect(screen.queryByTestId('live-malformed')).toBeNull();
  });

  it('says the page skipped malformed updates and shows the last good data', () => {
    render(<LiveBadge status="online" malformed={2} />);
    expect(screen.getByTestId('live-malformed').textContent).toContain('已忽略 2 条异常数据，显示最后一次正常的数据');
  });

  it('says when the numbers are stale', () => {
    render(<LiveBadge status="offline" />);
    expect(screen.getByTestId('live-status')).toHaveProperty('dataset.status', 'offline');
    expect(screen.getByTestId('live-status').textContent).toContain('已断开，正在重连');
  });
});
