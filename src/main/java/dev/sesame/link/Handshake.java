package dev.sesame.link;

import dev.sesame.crypto.CryptoException;
import dev.sesame.crypto.Hmac;
import dev.sesame.crypto.Jpake;
import dev.sesame.crypto.MlKem768;
import dev.sesame.crypto.Secret;
import dev.sesame.crypto.X25519KeyPair;
import dev.sesame.ratchet.DoubleRatchet;
import dev.sesame.ratchet.RatchetException;
import dev.sesame.wire.Cell;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.Fragmenter;
import dev.sesame.wire.HandshakeMessage;
import dev.sesame.wire.HandshakeMessage.Confirm;
import dev.sesame.wire.HandshakeMessage.Finish;
import dev.sesame.wire.HandshakeMessage.Hello;
import dev.sesame.wire.HandshakeMessage.KeyShare;
import dev.sesame.wire.Reassembler;
import dev.sesame.wire.WireException;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * Authenticates the peer at the other end of a {@link SecureChannel} with the phrase and sets
 * up the link's Double Ratchet (protocol-notes §4-5, {@code docs/PROTOCOL.md}).
 *
 * <p>Four flights, each sent as soon as the other side's previous flight is in:
 * HELLO (version, role, tick, X25519 key, the sender's endpoints, the dialer's ML-KEM key, J-PAKE round 1);
 * KEY_SHARE (J-PAKE round 2, the listener's ML-KEM ciphertext); FINISH (J-PAKE round 3);
 * CONFIRM (HMAC of the transcript hash under the sender role's confirm key).
 *
 * <p>One object per attempt; {@link #run()} once. The caller enforces the deadline by aborting
 * the channel. Not thread-safe.
 */
public final class Handshake {
    public static final int VERSION = Hello.VERSION;

    private final SecureChannel channel;
    private final HandshakeRole role;
    private final PeerId ownId;
    private final List<Endpoint> ownEndpoints;
    private final TrafficShape ownShape;
    private final Secret phraseKey;
    private final SecureRandom random;
    private final CellStream cells;
    private final Reassembler reassembler = new Reassembler();
    private boolean used;
    private IncomingHandshake observer = IncomingHandshake.NONE;
    /** Set once our FINISH (J-PAKE round 3) is sent: from then on the peer can check a phrase guess. */
    private boolean finishSent;

    public Handshake(SecureChannel channel, HandshakeRole role, PeerId ownId, List<Endpoint> ownEndpoints, TrafficShape ownShape,
                     Secret phraseKey, SecureRandom random) {
        this.channel = channel;
        this.role = role;
        this.ownId = ownId;
        this.ownEndpoints = List.copyOf(ownEndpoints);
        this.ownShape = ownShape;
        this.phraseKey = phraseKey;
        this.random = random;
        this.cells = new CellStream(channel);
    }

    /** Tells {@code observer} how this handshake advances (the listener's admission). */
    public Handshake observedBy(IncomingHandshake observer) {
        this.observer = observer;
        return this;
    }

    /** What an authenticated link starts with. The caller owns (and must close) the ratchet. */
    public record Result(PeerId peerId, HandshakeRole role, List<Endpoint> peerEndpoints, DoubleRatchet ratchet,
                         byte[] safetyMaterial, Duration peerSilenceLimit) {}

    /**
     * Runs the handshake. Once our FINISH is out, the peer can tell whether its phrase was right,
     * so any failure after that point, whatever its cause, is reported as an authentication
     * failure ({@link HandshakeException.Reason#UNCONFIRMED} unless it is one already): a guesser
     * who hangs up after reading our FINISH is throttled like one who sends a wrong one.
     */
    public Result run() throws HandshakeException, IOException {
        if (used) throw new IllegalStateException("a Handshake runs once");
        used = true;
        try {
            return runSteps();
        } catch (HandshakeException e) {
            if (!finishSent || e.reason().authentication()) throw e;
            throw unconfirmed(e);
        } catch (IOException e) {
            if (!finishSent) throw e;
            throw unconfirmed(e);
        }
    }

    private static HandshakeException unconfirmed(Exception cause) {
        return new HandshakeException(HandshakeException.Reason.UNCONFIRMED,
                "the peer had our key confirmation but did not finish the handshake", cause);
    }

    private Result runSteps() throws HandshakeException, IOException {
        PeerId peerId = channel.remotePeerId();
        if (peerId.equals(ownId)) {
            throw new HandshakeException(HandshakeException.Reason.SELF_CONNECTION, "connected to ourselves");
        }
        boolean dialer = role == HandshakeRole.DIALER;
        X25519KeyPair ephemeral = X25519KeyPair.generate(random);
        MlKem768.DecapsulationKey kem = dialer ? MlKem768.generate(random) : null;
        Jpake jpake = new Jpake(ownId.hex(), phraseKey, random);
        Transcript transcript = dialer ? new Transcript(VERSION, ownId, peerId) : new Transcript(VERSION, peerId, ownId);
        boolean keepEphemeral = false;
        try (Secrets secrets = new Secrets()) {
            // Flight 1: HELLO.
            Hello ownHello = new Hello(VERSION, role.wire, ownShape.announcedTickMillis(), ephemeral.publicKey(), ownEndpoints,
                    dialer ? kem.encodedPublicKey() : new byte[0], jpake.round1());
            byte[] ownHelloBytes = send(ownHello);
            byte[] peerHelloBytes = receive();
            Hello peerHello = HandshakeMessage.decode(peerHelloBytes, Hello.class);
            checkHello(peerHello);
            receive(() -> jpake.receiveRound1(peerHello.jpakeRound1()), HandshakeException.Reason.PAKE_INVALID);
            secrets.x25519 = agree(ephemeral, peerHello.x25519PublicKey());
            transcript.addFlight(dialer ? ownHelloBytes : peerHelloBytes, dialer ? peerHelloBytes : ownHelloBytes);

            // Flight 2: KEY_SHARE.
            byte[] ciphertext = new byte[0];
            if (!dialer) {
                MlKem768.Encapsulation encapsulation = encapsulate(peerHello.mlKemPublicKey());
                secrets.mlKem = encapsulation.sharedSecret();
                ciphertext = encapsulation.ciphertext();
            }
            byte[] ownShareBytes = send(new KeyShare(jpake.round2(), ciphertext));
            byte[] peerShareBytes = receive();
            KeyShare peerShare = HandshakeMessage.decode(peerShareBytes, KeyShare.class);
            receive(() -> jpake.receiveRound2(peerShare.jpakeRound2()), HandshakeException.Reason.PAKE_INVALID);
            if (dialer) {
                secrets.mlKem = decapsulate(kem, peerShare.mlKemCiphertext());
            } else if (peerShare.mlKemCiphertext().length != 0) {
                throw new HandshakeException(HandshakeException.Reason.PROTOCOL, "dialer sent an ML-KEM ciphertext");
            }
            transcript.addFlight(dialer ? ownShareBytes : peerShareBytes, dialer ? peerShareBytes : ownShareBytes);

            // Flight 3: FINISH (J-PAKE key confirmation: a wrong phrase fails here).
            byte[] ownFinish = new Finish(jpake.round3()).encode();
            observer.finishing();
            finishSent = true; // set first: a failure while writing it may still have let it out
            byte[] ownFinishBytes = send(ownFinish);
            byte[] peerFinishBytes = receive();
            Finish peerFinish = HandshakeMessage.decode(peerFinishBytes, Finish.class);
            receive(() -> jpake.receiveRound3(peerFinish.jpakeRound3()), HandshakeException.Reason.WRONG_PHRASE);
            transcript.addFlight(dialer ? ownFinishBytes : peerFinishBytes, dialer ? peerFinishBytes : ownFinishBytes);

            // Flight 4: CONFIRM, binding the phrase, both key agreements and every byte to this TLS session.
            secrets.pake = jpake.sharedKey();
            byte[] transcriptHash = transcript.hash();
            try (KeySchedule schedule = new KeySchedule(channel.exporter(), secrets.pake, secrets.x25519, secrets.mlKem,
                    transcriptHash);
                 Secret ownConfirmKey = schedule.confirmKey(role);
                 Secret peerConfirmKey = schedule.confirmKey(role.other())) {
                send(new Confirm(Hmac.tag(ownConfirmKey, transcriptHash)));
                Confirm peerConfirm = HandshakeMessage.decode(receive(), Confirm.class);
                if (!MessageDigest.isEqual(Hmac.tag(peerConfirmKey, transcriptHash), peerConfirm.tag())) {
                    throw new HandshakeException(HandshakeException.Reason.CONFIRM_FAILED,
                            "handshake confirmation failed (another TLS session or a changed transcript)");
                }
                DoubleRatchet ratchet = startRatchet(schedule, ephemeral, peerHello.x25519PublicKey());
                keepEphemeral = !dialer; // the listener's handshake key is its first ratchet key
                return new Result(peerId, role, peerHello.endpoints(), ratchet, schedule.safetyMaterial(),
                        ownShape.deadAfterPeer(peerHello.tickMillis()));
            }
        } catch (WireException e) {
            throw new HandshakeException(e.reason() == WireException.Reason.UNSUPPORTED_VERSION
                    ? HandshakeException.Reason.UNSUPPORTED_VERSION : HandshakeException.Reason.PROTOCOL,
                    e.reason(), e.getMessage(), e);
        } finally {
            if (!keepEphemeral) ephemeral.close();
        }
    }

    private void checkHello(Hello hello) throws HandshakeException {
        if (hello.version() != VERSION) {
            throw new HandshakeException(HandshakeException.Reason.UNSUPPORTED_VERSION,
                    "peer speaks protocol version " + hello.version());
        }
        if (hello.role() != role.other().wire) {
            throw new HandshakeException(HandshakeException.Reason.PROTOCOL, "peer claims role " + hello.role());
        }
        if (!TrafficShape.validAnnouncedTick(hello.tickMillis())) {
            throw new HandshakeException(HandshakeException.Reason.PROTOCOL, "peer announces a tick of " + hello.tickMillis() + " ms");
        }
        if (!X25519KeyPair.isCanonicalPublicKey(hello.x25519PublicKey())) {
            // The listener's key becomes its first ratchet key, which must be canonical: refuse it
            // here, before CONFIRM, so that both sides agree the link failed.
            throw new HandshakeException(HandshakeException.Reason.BAD_KEY, "X25519 key is not canonical");
        }
        boolean peerIsDialer = role == HandshakeRole.LISTENER;
        int expectedKem = peerIsDialer ? MlKem768.PUBLIC_KEY_BYTES : 0;
        if (hello.mlKemPublicKey().length != expectedKem) {
            throw new HandshakeException(HandshakeException.Reason.PROTOCOL, "ML-KEM key of " + hello.mlKemPublicKey().length
                    + " bytes from the " + (peerIsDialer ? "dialer" : "listener"));
        }
    }

    private DoubleRatchet startRatchet(KeySchedule schedule, X25519KeyPair ephemeral, byte[] peerRatchetKey)
            throws HandshakeException {
        Secret root = schedule.ratchetRootKey();
        byte[] associatedData = schedule.associatedData();
        if (role == HandshakeRole.LISTENER) return DoubleRatchet.responder(root, associatedData, ephemeral, random);
        try {
            return DoubleRatchet.initiator(root, associatedData, peerRatchetKey, random);
        } catch (RatchetException e) {
            throw new HandshakeException(HandshakeException.Reason.BAD_KEY, "peer ratchet key rejected", e);
        }
    }

    private static Secret agree(X25519KeyPair own, byte[] peerPublic) throws HandshakeException {
        try {
            return own.agree(peerPublic);
        } catch (CryptoException e) {
            throw new HandshakeException(HandshakeException.Reason.BAD_KEY, e.getMessage(), e);
        }
    }

    private MlKem768.Encapsulation encapsulate(byte[] peerKey) throws HandshakeException {
        try {
            return MlKem768.encapsulate(peerKey, random);
        } catch (CryptoException e) {
            throw new HandshakeException(HandshakeException.Reason.BAD_KEY, e.getMessage(), e);
        }
    }

    private static Secret decapsulate(MlKem768.DecapsulationKey kem, byte[] ciphertext) throws HandshakeException {
        try {
            return kem.decapsulate(ciphertext);
        } catch (CryptoException e) {
            throw new HandshakeException(HandshakeException.Reason.BAD_KEY, e.getMessage(), e);
        }
    }

    /** A J-PAKE step on received data. */
    @FunctionalInterface
    private interface PakeStep {
        void run() throws CryptoException;
    }

    private static void receive(PakeStep step, HandshakeException.Reason onFailure) throws HandshakeException {
        try {
            step.run();
        } catch (CryptoException e) {
            throw new HandshakeException(onFailure, e.getMessage(), e);
        }
    }

    private byte[] send(HandshakeMessage message) throws IOException {
        return send(message.encode());
    }

    private byte[] send(byte[] bytes) throws IOException {
        for (Cell cell : Fragmenter.split(Cell.Type.HANDSHAKE, bytes)) cells.write(cell);
        return bytes;
    }

    private byte[] receive() throws IOException, WireException, HandshakeException {
        while (true) {
            Cell cell;
            try {
                cell = cells.read();
            } catch (EOFException e) {
                throw new HandshakeException(HandshakeException.Reason.CLOSED, "peer closed the connection during the handshake");
            }
            if (cell.type() == Cell.Type.RECORD) {
                throw new WireException(WireException.Reason.UNEXPECTED, "record before the handshake finished");
            }
            var message = reassembler.accept(cell);
            if (message.isPresent()) {
                observer.progressed();
                return message.get().bytes();
            }
        }
    }

    /** The shared secrets of one attempt, closed together whatever happens. */
    private static final class Secrets implements AutoCloseable {
        Secret x25519;
        Secret mlKem;
        Secret pake;

        @Override
        public void close() {
            for (Secret s : new Secret[] {x25519, mlKem, pake}) {
                if (s != null) s.close();
            }
        }
    }
}
