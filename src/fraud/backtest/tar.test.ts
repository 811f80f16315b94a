import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adaptAmlsim, amlsimFilesFromArchive } from './adapters/amlsim.js';
import { readTarGz } from './tar.js';

/** A minimal ustar entry: enough header fields for the reader (name, size, type). */
function tarEntry(name: string, content: string, type = '0'): Buffer {
  const body = Buffer.from(content, 'utf8');
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.write(type, 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512);
  body.copy(padded);
  return Buffer.concat([header, padded]);
}

function archive(entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

describe('readTarGz', () => {
  it('returns regular files by path, skipping folders and AppleDouble files', () => {
    const files = readTarGz(
      archive([
        tarEntry('sample/', '', '5'),
        tarEntry('sample/._nodes.csv', 'mac metadata'),
        tarEntry('sample/nodes.csv', 'nodeid,isFraud\n1,1\n'),
        tarEntry('sample/big.txt', 'x'.repeat(700)),
      ]),
    );
    expect([...files.keys()]).toEqual(['sample/nodes.csv', 'sample/big.txt']);
    expect(files.get('sample/big.txt')?.length).toBe(700);
  });

  it('uses a pax path record for long names', () => {
    const long = `${'d'.repeat(120)}/transactions.csv`;
    const pax = `${long.length + 12} path=${long}\n`;
    const files = readTarGz(archive([tarEntry('PaxHeader', pax, 'x'), tarEntry('short', 'a,b\n')]));
    expect([...files.keys()]).toEqual([long]);
  });

  it('feeds the AMLSim adapter from an archive', () => {
    const files = amlsimFilesFromArchive(
      archive([
        tarEntry('20K_x/nodes.csv', 'nodeid,isFraud,init_balance,fraudStep\n1,1,1,1\n2,0,1,-1\n'),
        tarEntry('20K_x/transactions.csv', 'sourceNodeId,targetNodeId,value,time\n2,1,5,1\n'),
      ]),
    );
    expect(adaptAmlsim(files).events[0]?.label).toBe('fraud');
    expect(() => amlsimFilesFromArchive(archive([tarEntry('a/nodes.csv', '')]))).toThrow(
      /no transactions\.csv/,
    );
  });
});
