// `credkit inspect`. PLACEHOLDER: implementation pending.
export async function run(_argv: string[]): Promise<number> {
  console.error('credkit inspect: not implemented yet');
  return 1;
}
