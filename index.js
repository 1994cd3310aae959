// n8n loads the files listed under "n8n" in package.json; this entry point only makes the
// package requireable (for tooling) and is not used by n8n itself.
module.exports = {};
