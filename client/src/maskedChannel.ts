// The "Alembic" log channel as the language client sees it: every line the client writes (the
// server's own log messages, its stderr, and the `alembic.trace.server` message trace, which carries
// alembic.ini's URLs and the documents' text) goes through maskSecrets first. The Logger masks what
// the extension writes; this masks what vscode-languageclient writes. Only a type import of vscode:
// unit-tested in plain Node with a recording channel.
import type * as vscode from 'vscode';
import { maskSecrets } from './maskSecrets';

/** An argument of a log call, as text with its secrets hidden (the channel would print it anyway). */
function maskArgument(value: unknown): unknown {
  if (typeof value === 'string') return maskSecrets(value);
  if (value instanceof Error) {
    const masked = new Error(maskSecrets(value.message));
    masked.name = value.name;
    if (value.stack) masked.stack = maskSecrets(value.stack);
    return masked;
  }
  if (value === null || typeof value !== 'object') return value;
  try {
    return maskSecrets(JSON.stringify(value));
  } catch {
    return maskSecrets(String(value));
  }
}

/** `channel`, with every text it is given masked; everything else (show, clear, logLevel, events) passes through. */
export function maskedChannel(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const masking: Partial<Record<keyof vscode.LogOutputChannel, unknown>> = {
    append: (value: string) => channel.append(maskSecrets(value)),
    appendLine: (value: string) => channel.appendLine(maskSecrets(value)),
    replace: (value: string) => channel.replace(maskSecrets(value)),
    trace: (message: string, ...args: unknown[]) => channel.trace(maskSecrets(message), ...args.map(maskArgument)),
    debug: (message: string, ...args: unknown[]) => channel.debug(maskSecrets(message), ...args.map(maskArgument)),
    info: (message: string, ...args: unknown[]) => channel.info(maskSecrets(message), ...args.map(maskArgument)),
    warn: (message: string, ...args: unknown[]) => channel.warn(maskSecrets(message), ...args.map(maskArgument)),
    error: (error: string | Error, ...args: unknown[]) => channel.error(maskArgument(error) as string | Error, ...args.map(maskArgument)),
  };
  return new Proxy(channel, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in masking) return masking[property as keyof vscode.LogOutputChannel];
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
