// Mocha adds its `spec` glob to files named on the command line; name files and only those run
// (`npx mocha test/x.test.ts`), name none and the whole suite runs (`npm test`).
const named = process.argv.slice(2).some((arg) => /\.test\.ts$/.test(arg));
module.exports = {
  ...(named ? {} : { spec: ['test/**/*.test.ts'] }),
  'node-option': ['import=tsx'],
  timeout: 20000,
  exit: true,
};
