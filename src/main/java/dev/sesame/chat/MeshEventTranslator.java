package dev.sesame.chat;

import dev.sesame.link.PeerId;
import dev.sesame.mesh.MeshEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what the mesh reports into what an interface shows: ids in hex, fingerprints, and the
 * display name each peer last announced (a label beside its PeerId, never its identity).
 * Thread-safe: the mesh thread translates, a panic forgets.
 */
final class MeshEventTranslator {
    private final Map<PeerId, Optional<String>> names = new ConcurrentHashMap<>();
    private final RepeatCounter repeats = new RepeatCounter();
    private final java.util.function.LongSupplier millis;
    private volatile String ownId = "";
    private volatile Optional<String> ownName = Optional.empty();

    MeshEventTranslator() {
        this(System::currentTimeMillis);
    }

    MeshEventTranslator(java.util.function.LongSupplier millis) {
        this.millis = millis;
    }

    /** Who we are, so that a peer's name that looks like ours is reported ({@code confusable_with}). */
    void own(String peerIdHex, Optional<String> name) {
        ownId = peerIdHex;
        ownName = name;
    }

    /** Forgets every name (a panic rotate starts a new identity with nobody known). */
    void forget() {
        names.clear();
        repeats.forget();
    }

    List<ChatEvent> translate(MeshEvent event) {
        return switch (event) {
            case MeshEvent.PeerUp up -> {
                names.put(up.peerId(), up.name());
                yield List.of(new ChatEvent.PeerUp(up.peerId().hex(), up.peerId().fingerprint(), up.name(), up.address(),
                        up.direction().code(), confusableWith(up.peerId(), up.name()), up.via().code()));
            }
            case MeshEvent.PeerDown down -> {
                ChatEvent.PeerDown shown = new ChatEvent.PeerDown(down.peerId().hex(), down.peerId().fingerprint(),
                        nameOf(down.peerId()), down.reason(), down.linkedPeers());
                yield down.linkedPeers() == 0 ? List.of(shown, new ChatEvent.Alone(down.reason())) : List.of(shown);
            }
            case MeshEvent.ChatReceived chat -> List.of(new ChatEvent.Message(chat.id().hex(), chat.from().hex(),
                    chat.from().fingerprint(), nameOf(chat.from()), chat.text(), chat.privateMessage(),
                    (chat.ttlMillis() + 999) / 1000, confusableWith(chat.from(), nameOf(chat.from()))));
            case MeshEvent.Delivered d -> List.of(new ChatEvent.Delivered(d.id().hex(), d.to().hex()));
            case MeshEvent.Undelivered u -> List.of(new ChatEvent.Undelivered(u.id().hex(), u.to().hex(), u.reason()));
            case MeshEvent.NameChanged n -> {
                names.put(n.peerId(), n.newName());
                yield List.of(new ChatEvent.NameChanged(n.peerId().hex(), n.peerId().fingerprint(), n.oldName(), n.newName()));
            }
            case MeshEvent.AuthFailed f -> {
                RepeatCounter.Count c = repeats.seen("auth", f.address(), f.reason(), millis.getAsLong());
                yield List.of(new ChatEvent.AuthFailed(f.address(), f.reason(), c.count(), c.firstMillis()));
            }
            case MeshEvent.Rejected r -> {
                RepeatCounter.Count c = repeats.seen("rejected", r.address(), r.reason(), r.times(), millis.getAsLong());
                yield List.of(new ChatEvent.Rejected(r.address(), r.reason(), c.count(), c.firstMillis()));
            }
            case MeshEvent.Dial d -> List.of(new ChatEvent.Dial(d.target(), d.phase().code(), d.reason().map(dev.sesame.util.ReasonCode::code), d.retryInMillis(),
                    d.peer().map(PeerId::hex)));
            case MeshEvent.DuplicateLink d -> List.of(new ChatEvent.Duplicate(d.peerId().hex(), d.kept(), d.keptVia().code()));
            case MeshEvent.RelayUp r -> List.of(new ChatEvent.RelayUp(r.relay(), r.fingerprint()));
            case MeshEvent.RelayDown r -> List.of(new ChatEvent.RelayDown(r.relay(), r.reason(), r.detail()));
        };
    }

    /** Peer ids (ours too) whose current names look like {@code name} (docs/HEADLESS.md, {@code confusable_with}). */
    private List<String> confusableWith(PeerId who, Optional<String> name) {
        if (name.isEmpty()) return List.of();
        List<String> alike = new java.util.ArrayList<>();
        if (ownName.map(own -> Names.confusable(own, name.get())).orElse(false)) alike.add(ownId);
        names.forEach((id, other) -> {
            if (!id.equals(who) && other.map(o -> Names.confusable(o, name.get())).orElse(false)) alike.add(id.hex());
        });
        java.util.Collections.sort(alike);
        return alike;
    }

    private Optional<String> nameOf(PeerId id) {
        return names.getOrDefault(id, Optional.empty());
    }
}
