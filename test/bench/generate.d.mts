// Types for generate.mjs (the benchmark's synthetic project, reused by the graph e2e test).
export function writeProject(
  dir: string,
  count: number,
): { ini: string; versions: string; revisions: { id: string; message: string }[]; files: Map<string, string> };
