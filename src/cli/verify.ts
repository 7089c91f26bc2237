// `credkit verify`. PLACEHOLDER: implementation pending.
export async function run(_argv: string[]): Promise<number> {
  console.error('credkit verify: not implemented yet');
  return 1;
}
