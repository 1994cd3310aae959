// Jest reads `testTimeout` only from the top-level config, not from a project: the projects that
// drive a real n8n or the packed package set their tests' time limit here (they take seconds, and
// longer on a busy machine).
jest.setTimeout(120_000);
