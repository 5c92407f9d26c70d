package dev.sesame.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The ratchet over an adversarial network: any interleaving of sends, deliveries, reorders,
 * drops and duplicates delivers every delivered message exactly once, intact, and fails only
 * with {@link RatchetException} (a duplicate as {@code REPLAY}, leaving the state unchanged).
 */
class DoubleRatchetProperties {
    /** One step of a script; {@code pick} chooses among the records in flight (reordering). */
    sealed interface Action permits Send, Deliver, Drop, Duplicate {}

    record Send(boolean fromAlice, int length) implements Action {}

    record Deliver(boolean toBob, int pick) implements Action {}

    record Drop(boolean toBob, int pick) implements Action {}

    record Duplicate(boolean toBob, int pick) implements Action {}

    /** A record on the wire, with what it must decrypt to. */
    record InFlight(byte[] record, byte[] plaintext) {}

    @Property(tries = 500)
    void anyInterleavingDeliversEveryDeliveredMessageExactlyOnce(@ForAll("scripts") List<Action> script,
            @ForAll long seed) throws RatchetException {
        try (RatchetPair p = RatchetPair.create(RatchetPair.seededRandom(seed))) {
            Network toBob = new Network(p.bob);
            Network toAlice = new Network(p.alice);
            int sent = 0;
            for (Action action : script) {
                switch (action) {
                    case Send s when s.fromAlice() -> toBob.send(p.alice, message(sent++, s.length()));
                    case Send s when toBob.hasDelivered() -> toAlice.send(p.bob, message(sent++, s.length()));
                    case Send s -> assertThatThrownBy(() -> p.bob.encrypt(new byte[s.length()]))
                            .isInstanceOf(IllegalStateException.class); // the responder speaks second
                    case Deliver d -> (d.toBob() ? toBob : toAlice).deliver(d.pick());
                    case Drop d -> (d.toBob() ? toBob : toAlice).drop(d.pick());
                    case Duplicate d -> (d.toBob() ? toBob : toAlice).duplicate(d.pick());
                }
            }
            // Whatever is still in flight arrives late, in the order left: all of it decrypts.
            while (toBob.deliver(0)) { /* deliver the rest */ }
            while (toAlice.deliver(0)) { /* deliver the rest */ }
        }
    }

    @Provide
    Arbitrary<List<Action>> scripts() {
        Arbitrary<Boolean> side = Arbitraries.of(true, false);
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 1_000);
        Arbitrary<Action> send = Combinators.combine(side, Arbitraries.integers().between(0, 100)).as(Send::new);
        Arbitrary<Action> deliver = Combinators.combine(side, pick).as(Deliver::new);
        Arbitrary<Action> drop = Combinators.combine(side, pick).as(Drop::new);
        Arbitrary<Action> duplicate = Combinators.combine(side, pick).as(Duplicate::new);
        return Arbitraries.frequencyOf(Tuple.of(5, send), Tuple.of(5, deliver), Tuple.of(1, drop), Tuple.of(2, duplicate))
                .list().ofMaxSize(120);
    }

    private static byte[] message(int number, int length) {
        byte[] text = ("message " + number + " ").repeat(1 + length / 10).getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.copyOf(text, Math.max(length, 12));
    }

    /** One direction of the link: records in flight and records already delivered. */
    private static final class Network {
        private final DoubleRatchet receiver;
        private final List<InFlight> inFlight = new ArrayList<>();
        private final List<InFlight> delivered = new ArrayList<>();

        Network(DoubleRatchet receiver) {
            this.receiver = receiver;
        }

        void send(DoubleRatchet sender, byte[] plaintext) throws RatchetException {
            inFlight.add(new InFlight(sender.encrypt(plaintext), plaintext));
        }

        /** Delivers one record in flight, if any; it must decrypt to what was sent. */
        boolean deliver(int pick) throws RatchetException {
            if (inFlight.isEmpty()) return false;
            InFlight next = inFlight.remove(pick % inFlight.size());
            assertThat(receiver.decrypt(next.record())).isEqualTo(next.plaintext());
            delivered.add(next);
            return true;
        }

        boolean hasDelivered() {
            return !delivered.isEmpty();
        }

        void drop(int pick) {
            if (!inFlight.isEmpty()) inFlight.remove(pick % inFlight.size());
        }

        /** Delivers an already delivered record again: refused as a replay, state untouched. */
        void duplicate(int pick) {
            if (delivered.isEmpty()) return;
            InFlight again = delivered.get(pick % delivered.size());
            byte[] before = receiver.stateDigest();
            RatchetException e = catchThrowableOfType(RatchetException.class, () -> receiver.decrypt(again.record()));
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(RatchetException.Reason.REPLAY);
            assertThat(receiver.stateDigest()).isEqualTo(before);
        }
    }
}
