/**
 * Form decoding as pve-http-server's decode_urlencoded does it: Perl's
 * `split(/=/)` drops trailing empty fields, so `k=` carries no value, a
 * valueless key wipes an earlier value, and repeated values join with NUL.
 */
import { decodeUrlEncoded, requestParams } from '../../../mocks/simulator/http/request';

describe('decodeUrlEncoded', () => {
  test.each([
    ['name=web', { name: 'web' }],
    ['name=', { name: undefined }],
    ['name', { name: undefined }],
    ['name==', { name: undefined }],
    ['name=web&name=', { name: undefined }],
    ['name=&name=web', { name: 'web' }],
    ['tags=a&tags=b', { tags: 'a\0b' }],
    ['ticket=PVE:abc==', { ticket: 'PVE:abc' }],
    ['ticket=PVE%3Aabc%3D%3D', { ticket: 'PVE:abc==' }],
    ['a=1;b=x+y%21', { a: '1', b: 'x y!' }],
  ])('%j -> %j', (text, expected) => {
    expect(decodeUrlEncoded(text)).toEqual(expected);
  });
});

describe('requestParams', () => {
  const form = (text: string) => Buffer.from(text, 'latin1');

  test('a valueless key leaves the parameter out', () => {
    expect(requestParams('POST', 'application/x-www-form-urlencoded', form('name=&cores=2'), '')).toEqual({ cores: '2' });
  });

  test('query parameters win over the body, a valueless one removing the body value', () => {
    expect(requestParams('POST', undefined, form('name=a&cores=2'), 'name=b&cores=')).toEqual({ name: 'b' });
  });
});
