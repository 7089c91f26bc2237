// The tests' hand-moved clock is the story's VirtualClock.
export { VirtualClock as ManualClock, settle } from '../../packages/credkit/src/story/virtual-clock.js';
