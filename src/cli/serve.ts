// `credkit serve`. PLACEHOLDER: implementation pending.
export async function run(_argv: string[]): Promise<number> {
  console.error('credkit serve: not implemented yet');
  return 1;
}
