export function branchyHistory(count: number, every?: number, branchLength?: number): { id: string; parents: string[] }[];
