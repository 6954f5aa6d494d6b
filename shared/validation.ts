/**
 * Turns a TypeBox validator's first error into one sentence that names the field, for HTTP 400 bodies and socket acks
 * alike. Structural types only: shared/ stays free of the compiler, which only the modules that validate import.
 */
export interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

export interface Problem {
  /** The offending field as a dotted path ("speed", "report.url"), or undefined when the whole value is wrong. */
  field?: string;
  message: string;
}

/** Field names come from the sender (an unknown key): quoted back at most this long. */
const FIELD_NAME_MAX_CHARS = 80;
const clip = (name: string) => (name.length > FIELD_NAME_MAX_CHARS ? `${name.slice(0, FIELD_NAME_MAX_CHARS)}…` : name);

const fieldOf = (issue: ValidationIssue): string | undefined => {
  const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (path) return clip(path);
  const required = issue.params.requiredProperties;
  if (Array.isArray(required) && typeof required[0] === 'string') return clip(required[0]);
  const extra = issue.params.additionalProperties;
  if (Array.isArray(extra) && typeof extra[0] === 'string') return clip(extra[0]);
  return undefined;
};

/** The first problem of `issues` (from Validator.Errors) as a sentence about `what` ("replay command", "health report"). */
export function firstProblem(issues: readonly ValidationIssue[], what: string): Problem {
  // A union reports each branch before the union itself; the union's own error says it best.
  const issue = issues.find((i) => i.keyword === 'anyOf') ?? issues[0];
  if (!issue) return { message: `The ${what} is not valid.` };
  const field = fieldOf(issue);
  const name = field ? `"${field}"` : `The ${what}`;
  const allowed = issue.params.allowedValues;
  let message: string;
  if (issue.keyword === 'required') message = `${name} is required in the ${what}.`;
  else if (issue.keyword === 'additionalProperties' || issue.keyword === 'boolean') message = `${name} is not a field of the ${what}.`;
  else if (Array.isArray(allowed)) message = `${name} must be one of: ${allowed.join(', ')}.`;
  else if (issue.keyword === 'pattern') message = `${name} is not in the accepted form.`;
  else if (!field && issue.keyword === 'type') message = `The ${what} must be an object.`;
  else message = `${name} ${issue.message}.`;
  return field ? { field, message } : { message };
}
