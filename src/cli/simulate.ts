// `credkit simulate`. PLACEHOLDER: implementation pending.
export async function run(_argv: string[]): Promise<number> {
  console.error('credkit simulate: not implemented yet');
  return 1;
}
