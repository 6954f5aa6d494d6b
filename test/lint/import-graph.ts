import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The folders whose code the cycle rule covers. */
export const GRAPH_ROOTS = ['server', 'client', 'shared', 'fixtures'] as const;
const SOURCE = /\.tsx?$/;
const TEST = /\.test\.tsx?$|(^|\/)test\//;

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(root, path);
    return SOURCE.test(e.name) && !e.name.endsWith('.d.ts') && !TEST.test(path) ? [path] : [];
  });
}

/**
 * Every module of the covered folders (tests aside) and the modules of those folders it imports, resolved the way
 * tsconfig.json resolves them. Type-only imports count: a circle of types is still two modules that cannot be read,
 * changed or moved apart, and is how runtime circles start.
 */
export function importGraph(root: string): Map<string, string[]> {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, jsx: ts.JsxEmit.ReactJSX, allowJs: false, resolveJsonModule: true };
  const host = ts.createCompilerHost(options);
  const files = GRAPH_ROOTS.filter((dir) => existsSync(join(root, dir))).flatMap((dir) => sourceFiles(root, dir));
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const abs = join(root, file);
    const info = ts.preProcessFile(readFileSync(abs, 'utf8'), true, true);
    const targets = info.importedFiles.flatMap(({ fileName }) => {
      const resolved = ts.resolveModuleName(fileName, abs, options, host).resolvedModule?.resolvedFileName;
      const rel = resolved ? relative(root, resolved).split('\\').join('/') : null;
      return rel && known.has(rel) ? [rel] : [];
    });
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The circles of a graph: its strongly connected components of two or more modules (or one importing itself), each listed once. */
export function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so a deep import chain cannot overflow the stack.
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; edge: number }[] = [{ node: start, edge: 0 }];
    index.set(start, next); low.set(start, next++); stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++];
        if (!index.has(to)) {
          index.set(to, next); low.set(to, next++); stack.push(to); onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        if (component.length > 1 || (graph.get(top.node) ?? []).includes(top.node)) circles.push(component.sort());
      }
    }
  }
  return circles;
}
