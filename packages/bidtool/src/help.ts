/** `--help` texts, English with the Chinese terms a bidder meets on the platform. */
export type CommandName = 'encrypt' | 'package' | 'sign' | 'upload' | 'submit';

const SERVER = `Platform:
  --server URL            the platform, e.g. https://ggzy.example.gov.cn  (or GGZY_SERVER)
  --token TOKEN           an API token of the bidder account, created under "API 令牌"
                          (or GGZY_API_TOKEN); sent as Authorization: Bearer
`;
const COMMON = `  --lang zh-CN|en         language of messages (or GGZY_LANG / LANG; default zh-CN)
  -h, --help              this help
`;
const ENCRYPT_OPTIONS = `  --file FILE             the bid file (投标文件), any size; read as a stream ("-": stdin, with --out)
  --tender ID             the tender id (招标项目)
  --section CODE          the section code (标段编号)
  --summary FILE          the opening summary (开标一览表) as JSON: {"price","duration","quality",…}
  --price P --duration D --quality Q
                          … or the three fields as flags
  --certificate FILE      the bidder certificate (PEM): the data key is wrapped to its SM2 key
  --bidder-public-key HEX … or the SM2 public key itself (04‖x‖y)
  --opening-key HEX       the tender's opening key; default: GET /api/tenders/ID/opening-key
  --bidder-id UUID        default: the token's account (GET /api/auth/me)
  --version N             default: my latest version on the section + 1 (GET …/my-bids)
  --out FILE              the sealed file; default FILE.ggzybid (description: FILE.ggzybid.json)
  --force                 overwrite an existing sealed file
`;
const SIGN_OPTIONS = `  --key FILE              the certificate's private key: PEM PKCS#8, "ENCRYPTED PRIVATE KEY"
                          (as the platform's web page saves it) or "PRIVATE KEY"
  --certificate FILE      the signing certificate issued by the platform (PEM)
  --passphrase-file FILE  the key file's passphrase (or GGZY_KEY_PASSPHRASE)
`;
const UPLOAD_OPTIONS = `  --receipt FILE          where to save the receipt; default BID.receipt.json
  --parallel N            chunks in flight (1–8, default 2; memory ≈ N × 8 MiB)
  --proof-wait SECONDS    wait this long for the log checkpoint covering the receipt and verify
                          the inclusion proof (default 10; 0 skips)
  --platform-key HEX      pin the platform's receipt key (04‖x‖y) obtained out of band
  --log-key HEX           pin the transparency log's checkpoint key
`;

export const HELP: Record<CommandName | 'main', string> = {
  main: `ggzy-bidtool — sealed electronic bids (电子投标文件加密、签名、上传) for large files

Usage: ggzy-bidtool <command> [options]      (npx ggzy-bidtool … from the repository)

Commands, in the order a bid is made:
  encrypt   seal the bid file (SM4-CTR + HMAC-SM3, format ggzy-bid/1) and the opening summary
            (开标一览表) under a fresh data key; wrap the key (SM2) to the bidder's key and to the
            tender's opening key; key commitment. Writes BID (sealed) and BID.json
  package   split the sealed file into 8 MiB chunks, SM3 of each, package hash, manifest
  sign      sign the manifest with the bidder's SM2 certificate key (投标人数字证书签名)
  upload    upload the chunks (X-Chunk-Sm3, resumable: run again after an interruption, chunks
            already on the platform are skipped), commit with an Idempotency-Key, verify the
            signed receipt (回执) and its transparency-log inclusion, save it to BID.receipt.json
  submit    all four in one pass over the file

Example:
  ggzy-bidtool encrypt --file 投标文件.pdf --tender $TENDER --section $SECTION \\
      --summary 开标一览表.json --certificate bidder.crt --server $URL --token $TOKEN
  ggzy-bidtool package 投标文件.pdf.ggzybid
  ggzy-bidtool sign 投标文件.pdf.ggzybid --key bidder.key.pem --certificate bidder.crt
  ggzy-bidtool upload 投标文件.pdf.ggzybid --server $URL --token $TOKEN

Memory stays bounded whatever the file size: files are streamed, at most a few chunks are held.
Nothing written to disk holds the data key or the plaintext. Exit codes: 0 done, 1 failed, 2 usage.
"ggzy-bidtool <command> --help" describes each command. Documentation: packages/bidtool/README.md
`,
  encrypt: `Usage: ggzy-bidtool encrypt --file FILE --tender ID --section CODE (--summary FILE | --price …)
                            (--certificate FILE | --bidder-public-key HEX) [options]

Seals the bid file and the opening summary under a fresh 32-byte data key (ggzy-bid/1:
SM4-CTR + HMAC-SM3, streamed), commits to the key (SM3) and wraps it with SM2 to the bidder's
key and to the tender's opening key. Writes the sealed file and its description (.json).
Asks the platform only for what is not given as a flag (opening key, bidder id, version).

${ENCRYPT_OPTIONS}
${SERVER}${COMMON}`,
  package: `Usage: ggzy-bidtool package BID [--chunk-size BYTES]

Reads the sealed file BID (or BID.json) as a stream, SM3 of every chunk, the package hash
SM3("ggzy-bid/1 chunks" ‖ count ‖ chunk hashes), and writes the manifest into BID.json.
A new manifest removes an earlier signature: sign again.

  --chunk-size BYTES      default 8388608 (8 MiB), the platform's chunk size
${COMMON}`,
  sign: `Usage: ggzy-bidtool sign BID --key FILE --certificate FILE [--passphrase-file FILE]

Signs the manifest in BID.json (canonical JSON) with SM2 (SM3, GM/T 0009 default ID) using the
private key of the bidder's certificate, after checking the key belongs to the certificate.

${SIGN_OPTIONS}${COMMON}`,
  upload: `Usage: ggzy-bidtool upload BID --server URL --token TOKEN [options]

Creates an upload (or resumes the one saved in BID.upload.json: the platform says which chunks
it holds, GET /api/bid-uploads/ID), sends the missing chunks with their SM3, retries network
failures, and commits with the saved Idempotency-Key (a lost answer replays the same receipt).
Checks the receipt's platform signature and fields, then its inclusion in the signed log.
Prints the receipt (JSON, stdout) and saves it.

${UPLOAD_OPTIONS}
${SERVER}${COMMON}`,
  submit: `Usage: ggzy-bidtool submit --file FILE --tender ID --section CODE (--summary FILE | --price …)
                           --certificate FILE --key FILE --server URL --token TOKEN [options]

encrypt + package + sign + upload in one pass over the file (chunks are hashed while sealing).
The data key is wrapped to the certificate's key.

${ENCRYPT_OPTIONS}${SIGN_OPTIONS.split('\n')
    .filter((l) => !l.includes('--certificate') && !l.includes('signing certificate'))
    .join('\n')}
${UPLOAD_OPTIONS}
${SERVER}${COMMON}`,
};
