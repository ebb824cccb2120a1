// test-gjs-connect.js: rdp-gio from GJS: connect to a real server
// (tests/e2e/run-with-server.sh exports RDP_E2E_PORT and RDP_E2E_CERT),
// answer the certificate prompt 200 ms later from a GLib.timeout_add, as a
// dialog would, read a few PDUs of the active stage, then connect again
// without a prompt (the certificate was remembered). Prints TAP. Doubles as
// an example: a whole program.
//
//   gjs test-gjs-connect.js           (with RDP_E2E_PORT and RDP_E2E_CERT)
//
// SPDX-License-Identifier: LGPL-2.1-or-later

imports.gi.versions.GLib = '2.0';
imports.gi.versions.Gio = '2.0';
imports.gi.versions.RdpGio = '1';
const {GLib, GObject, Gio, RdpGio} = imports.gi;

const PLAN = 6;
let nTests = 0;
let failed = false;

function check(ok, what, diagnostic) {
    nTests++;
    print(`${ok ? 'ok' : 'not ok'} ${nTests} - ${what}`);
    if (!ok) {
        failed = true;
        if (diagnostic)
            print(`# ${diagnostic}`);
    }
}

// GIO's asynchronous calls as promises
function connect(client, host, port) {
    return new Promise((resolve, reject) => {
        client.connect_async(host, port, null, (source, result) => {
            try {
                resolve(source.connect_finish(result));
            } catch (e) {
                reject(e);
            }
        });
    });
}

function readPdu(framed) {
    return new Promise((resolve, reject) => {
        framed.read_pdu_async(GLib.PRIORITY_DEFAULT, null, (source, result) => {
            try {
                resolve(source.read_pdu_finish(result));   // [bytes, action]
            } catch (e) {
                reject(e);
            }
        });
    });
}

async function run(host, port, expected, knownHostsPath) {
    const knownHosts = RdpGio.KnownHosts.new(knownHostsPath);
    const verifier = RdpGio.CertificateVerifier.new(null, knownHosts);
    const settings = RdpGio.Settings.new();
    settings.set_certificate_verifier(verifier);
    settings.set_security_protocols(RdpGio.SecurityProtocol.TLS);
    settings.set_username('rdpgio');
    settings.set_password('rdpgio');

    // The certificate prompt: GJS cannot implement verify_async, but it can
    // answer this signal, now or later.
    const requests = [];
    let askedAt = 0, answeredAt = 0;
    verifier.connect('certificate-request', (_verifier, request) => {
        requests.push(request);
        askedAt = GLib.get_monotonic_time();
        print(`# ${request.host}:${request.port} presents ${request.fingerprint}: ` +
              `${request.describe_errors()}`);
        request.connect('cancelled', () => print('# the connection gave up: close the dialog'));
        GLib.timeout_add(GLib.PRIORITY_DEFAULT, 200, () => {
            answeredAt = GLib.get_monotonic_time();
            request.accept(true);   // trust it, and remember it
            return GLib.SOURCE_REMOVE;
        });
        return true;   // answered later
    });

    const client = RdpGio.Client.new(settings);
    const stages = [];
    // RdpGio.Client.connect() is the blocking connection, which hides
    // GObject's connect(): the signal is connected with GObject's own.
    GObject.Object.prototype.connect.call(client, 'progress',
        (_client, stage) => stages.push(RdpGio.client_stage_to_string(stage)));

    let result;
    try {
        result = await connect(client, host, port);
    } catch (e) {
        check(false, `connected to ${host}:${port}`,
              e instanceof GLib.Error ? `${RdpGio.Error.get_summary(e)}: ${e.message}` : `${e}`);
        return;
    }
    check(true, `connected to ${host}:${port} ` +
          `(${RdpGio.security_protocol_to_string(result.get_selected_protocol())})`);
    print(`# stages: ${stages.join(', ')}`);
    check(requests.length === 1 && requests[0].fingerprint === expected,
        'one certificate request, with the server\'s fingerprint',
        `${requests.length} requests, expected ${expected}`);
    check(answeredAt - askedAt >= 200 * 1000, 'the connection waited for the answer, 200 ms later');
    check(knownHosts.lookup(host, port) === expected, 'accept(true) pinned the certificate');

    const framed = client.get_framed();
    let pdus = 0;
    try {
        for (; pdus < 3; pdus++) {
            const [pdu, action] = await readPdu(framed);
            print(`# PDU ${pdus + 1}: ${action === RdpGio.Action.FAST_PATH ? 'fast-path' : 'X.224'}, ` +
                  `${pdu.get_size()} bytes`);
        }
    } catch (e) {
        print(`# ${e.message}`);
    }
    check(pdus === 3, 'read 3 PDUs of the active stage');
    framed.get_stream().close(null);

    try {
        await connect(RdpGio.Client.new(settings), host, port);
        check(requests.length === 1, 'the second connection needed no prompt');
    } catch (e) {
        check(false, 'the second connection needed no prompt', e.message);
    }
}

function main() {
    const port = GLib.getenv('RDP_E2E_PORT');
    const certPath = GLib.getenv('RDP_E2E_CERT');
    if (!port || !certPath) {
        print('1..0 # SKIP run me with tests/e2e/run-with-server.sh');
        return 0;
    }
    const expected = RdpGio.tls_get_certificate_fingerprint(Gio.TlsCertificate.new_from_file(certPath));
    const dir = GLib.dir_make_tmp('rdp-gio-gjs-XXXXXX');
    const knownHostsPath = GLib.build_filenamev([dir, 'known_hosts']);

    print(`1..${PLAN}`);
    const loop = new GLib.MainLoop(null, false);
    run('localhost', parseInt(port), expected, knownHostsPath)
        .catch(e => check(false, 'no exception', `${e}\n${e.stack}`))
        .finally(() => loop.quit());
    loop.run();
    while (nTests < PLAN)
        check(false, 'not reached');

    for (const f of [knownHostsPath, `${knownHostsPath}.lock`])
        GLib.unlink(f);
    GLib.rmdir(dir);
    return failed ? 1 : 0;
}

imports.system.exit(main());
