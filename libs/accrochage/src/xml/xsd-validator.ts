import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The project's own XSD, written from ../shared/accrochage.md (CPF_XSD_PATH points at another one, e.g. the CDC's). */
export const DEFAULT_CPF_XSD_PATH = join(__dirname, '..', '..', 'xsd', 'cpf-flux.xsd');

export interface XsdError {
  message: string;
  line: number;
}

/**
 * libxml2 (compiled to WebAssembly, no native addon) validates against the XSD in a worker thread: the package is an
 * ES module with top-level await, which the CommonJS build cannot require, and the worker's WebAssembly memory is
 * given back when the export ends. The worker parses the XSD once, then validates one document per message.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const xml = await import(workerData.library);
  let validator;
  try {
    validator = xml.XsdValidator.fromDoc(xml.XmlDocument.fromString(workerData.xsd));
  } catch (error) {
    parentPort.postMessage({ ready: false, message: String(error && error.message || error) });
    return;
  }
  parentPort.postMessage({ ready: true });
  parentPort.on('message', (source) => {
    let doc;
    try {
      doc = xml.XmlDocument.fromString(source, { option: xml.ParseOption.XML_PARSE_NONET });
      validator.validate(doc);
      parentPort.postMessage({ errors: [] });
    } catch (error) {
      const details = Array.isArray(error && error.details) ? error.details : [{ message: String(error && error.message || error), line: 0 }];
      parentPort.postMessage({ errors: details.slice(0, 20).map((d) => ({ message: String(d.message).trim(), line: d.line || 0 })) });
    } finally {
      if (doc) doc.dispose();
    }
  });
})().catch((error) => parentPort.postMessage({ ready: false, message: String(error && error.message || error) }));
`;

export class XsdValidator {
  private pending: { resolve: (errors: XsdError[]) => void; reject: (error: Error) => void } | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: { errors?: XsdError[] }) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(message.errors ?? []);
    });
    worker.on('error', (error) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    });
  }

  /** Starts a worker with the schema at `xsdPath` parsed; refuses a schema libxml2 cannot compile. */
  static async open(xsdPath: string): Promise<XsdValidator> {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { library: pathToFileURL(require.resolve('libxml2-wasm')).href, xsd: readFileSync(xsdPath, 'utf8') },
    });
    const ready = await new Promise<{ ready: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (!ready.ready) {
      await worker.terminate();
      throw new Error(`The XSD ${xsdPath} cannot be used: ${ready.message}`);
    }
    return new XsdValidator(worker);
  }

  /** The schema's complaints about one document (empty: valid). One document at a time. */
  validate(document: string): Promise<XsdError[]> {
    if (this.pending) return Promise.reject(new Error('XsdValidator validates one document at a time'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(document);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
