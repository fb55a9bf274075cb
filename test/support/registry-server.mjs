// A Verdaccio registry in its own process, for test/support/registry.ts: listens on 127.0.0.1 with
// a port the OS picks, prints {"url": ...} once listening, and exits when its stdin closes, so it
// cannot outlive the test that started it. argv[2]: the config file.
import { runServer } from "verdaccio";

const server = await runServer(process.argv[2]);
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/` })}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
