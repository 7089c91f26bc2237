// The tests' hand-moved clock is the story's VirtualClock.
export { VirtualClock as ManualClock, settle } from '../../src/provider/story/virtual-clock.js';
