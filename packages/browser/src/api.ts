// The HTTP API's types (placeholder until the types move here).
export {};
