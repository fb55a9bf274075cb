// The package version, sent in the user-agent. A constant (not an import of package.json, which
// sits outside the build's rootDir); test/client/version.test.ts keeps it equal to package.json.
export const VERSION: string = "0.1.0";
