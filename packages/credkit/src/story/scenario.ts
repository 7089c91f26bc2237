// A named scenario of `credkit simulate`: a story of the guides in steps, over its own world (phones, apps,
// a fresh user) against one server. Scenarios are independent: one failing does not stop the others.
import type { AssetLinksResolver } from '@credkit/provider';
import { runSteps, type Step, type StepResult } from './steps.js';

/** What every scenario starts from: the server and its RP ID and asset links. */
export interface Stage {
  serverUrl: string;
  rpId: string;
  assetLinks: AssetLinksResolver;
}

export interface StepHooks {
  onStart?(index: number, title: string, total: number): void;
  onResult?(result: StepResult, total: number): void;
}

export interface Played {
  results: StepResult[];
  /** Writes the scenario's phones to `dir` (the files written), when it keeps any. */
  save?(dir: string): string[];
}

export interface Scenario {
  readonly name: string;
  /** One line for --list. */
  readonly summary: string;
  readonly titles: readonly string[];
  play(stage: Stage, hooks?: StepHooks): Promise<Played>;
}

/** A scenario over a world of type W made fresh for each play. */
export function scenario<W>(definition: {
  name: string;
  summary: string;
  world(stage: Stage): W;
  steps: readonly Step<W>[];
  save?(world: W, dir: string): string[];
}): Scenario {
  return {
    name: definition.name,
    summary: definition.summary,
    titles: definition.steps.map((s) => s.title),
    async play(stage, hooks = {}) {
      const world = definition.world(stage);
      const results = await runSteps(
        world,
        definition.steps,
        (r, total) => hooks.onResult?.(r, total),
        undefined,
        (i, title, total) => hooks.onStart?.(i, title, total),
      );
      const save = definition.save;
      return { results, ...(save ? { save: (dir: string) => save(world, dir) } : {}) };
    },
  };
}

/** A short random tag so each play's user names are new on a long-running server. */
export function playTag(): string {
  return Math.random().toString(36).slice(2, 8);
}
