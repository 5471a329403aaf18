import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FTPError } from 'basic-ftp';
import { EgressRefusedError } from './egress.ts';
import { judgeFtp, type FtpObservation } from './ftp.ts';

const seen = (over: Partial<FtpObservation>): FtpObservation => ({
  target: 'files.example:21',
  stage: 'list',
  ms: 12,
  ...over,
});
const reply = (code: number, message: string) => new FTPError({ code, message });
const err = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('ftp judge', () => {
  it('a full session is 0 with its duration', () => {
    const v = judgeFtp(seen({ entries: 3, uploaded: true }));
    assert.equal(v.status, 0);
    assert.equal(v.responseMs, 12);
    assert.equal(v.info_msg, 'logged in, listed and uploaded at files.example:21 (3 entries) in 12 ms');
    assert.deepEqual(v.detail, { entries: 3, uploaded: true });
  });

  it('negative replies are 16 with the reply, named by stage', () => {
    const login = judgeFtp(seen({ stage: 'login', error: reply(530, '530 Login incorrect.') }));
    assert.equal(login.status, 16);
    assert.equal(login.info_msg, 'login failed at files.example:21: 530 Login incorrect.');
    const up = judgeFtp(seen({ stage: 'upload', error: reply(553, '553 Could not create file.') }));
    assert.equal(up.info_msg, 'uploading a test file failed at files.example:21: 553 Could not create file.');
  });

  it('connection failures keep their status; a broken data connection is an FTP failure', () => {
    assert.equal(judgeFtp(seen({ stage: 'connect', error: err('ECONNREFUSED') })).status, 1);
    assert.equal(judgeFtp(seen({ stage: 'tls', error: err('DEPTH_ZERO_SELF_SIGNED_CERT') })).status, 12);
    assert.equal(judgeFtp(seen({ stage: 'connect', error: err('CERT_HAS_EXPIRED') })).status, 13);
    assert.equal(judgeFtp(seen({ stage: 'list', error: new EgressRefusedError('10.0.0.9') })).status, 20);
    const data = judgeFtp(
      seen({ error: err('ECONNREFUSED', "Can't open data connection in passive mode: refused") }),
    );
    assert.equal(data.status, 16);
    assert.equal(
      data.info_msg,
      "listing the directory failed at files.example:21: Can't open data connection in passive mode: refused",
    );
  });

  it('the deadline is 2, naming the stage', () => {
    const v = judgeFtp(seen({ stage: 'login', timedOut: true }));
    assert.equal(v.status, 2);
    assert.equal(v.info_msg, 'files.example:21 did not answer in time (login)');
  });
});
