/** Asks for a secret on the terminal without echoing it (the CLI's answer to a `{ "prompt": ... }` reference). */
import readline from 'node:readline';

export function promptHidden(label: string, question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (!input.isTTY) return Promise.reject(new Error(`${label}: needs a prompt, and standard input is not a terminal`));
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input, output, terminal: true });
    // _writeToOutput is readline's internal echo hook (not in its types): the usual way to hide input.
    const write = (rl as unknown as { _writeToOutput: (s: string) => void });
    output.write(`${question} (${label}): `);
    // Keep the terminal from echoing what is typed.
    write._writeToOutput = () => undefined;
    rl.question('', (answer) => {
      rl.close();
      output.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new Error('cancelled'));
    });
  });
}
