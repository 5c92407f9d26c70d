package dev.sesame.ui.headless;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sesame.chat.ChatEvent;
import dev.sesame.util.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes each {@link ChatEvent} as one JSON object on one line ({@code docs/HEADLESS.md}).
 * Every control character (C0, DEL, C1) and bidirectional formatting character is escaped
 * ({@link TerminalSafeEscapes}), so text from peers cannot break the line structure or act on a
 * terminal that shows the raw stream. Thread-safe: one line at a time.
 */
public final class JsonEventWriter {
    private static final TerminalSafeEscapes ESCAPES = new TerminalSafeEscapes();
    private final JsonFactory json = JsonFactory.builder().build();
    private final OutputStream out;
    private final Clock clock;

    public JsonEventWriter(OutputStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    private volatile EventTags tags;

    /** From now on, events caused by a tagged command carry {@code "tag"} (docs/HEADLESS.md). */
    void tags(EventTags tags) {
        this.tags = tags;
    }

    public synchronized void write(ChatEvent event) {
        try {
            StringWriter line = new StringWriter();
            try (JsonGenerator g = json.createGenerator(line)) {
                g.setCharacterEscapes(ESCAPES);
                g.writeStartObject();
                fields(g, event);
                EventTags current = tags;
                if (current != null) {
                    java.util.Optional<String> tag = current.tagFor(event);
                    if (tag.isPresent()) g.writeStringField("tag", tag.get());
                }
                g.writeNumberField("ts", clock.now().toEpochMilli());
                g.writeEndObject();
            }
            line.write('\n');
            out.write(line.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is gone", e);
        }
    }

    private static void fields(JsonGenerator g, ChatEvent event) throws IOException {
        switch (event) {
            case ChatEvent.Ready e -> {
                g.writeStringField("event", "ready");
                g.writeStringField("peer_id", e.peerId());
                g.writeStringField("fingerprint", e.fingerprint());
                g.writeStringField("listen", e.listen());
                g.writeStringField("mode", e.mode());
                name(g, "name", e.name());
                g.writeBooleanField("memory_locked", e.memoryLocked());
                strings(g, "warnings", e.warnings());
            }
            case ChatEvent.PeerUp e -> {
                g.writeStringField("event", "peer_up");
                g.writeStringField("peer_id", e.peerId());
                g.writeStringField("fingerprint", e.fingerprint());
                name(g, "name", e.name());
                g.writeStringField("address", e.address());
                g.writeStringField("direction", e.direction());
                strings(g, "confusable_with", e.confusableWith());
                g.writeStringField("via", e.via());
            }
            case ChatEvent.PeerDown e -> {
                g.writeStringField("event", "peer_down");
                g.writeStringField("peer_id", e.peerId());
                g.writeStringField("fingerprint", e.fingerprint());
                name(g, "name", e.name());
                g.writeStringField("reason", e.reason().code());
                g.writeNumberField("linked_peers", e.linkedPeers());
            }
            case ChatEvent.Alone e -> {
                g.writeStringField("event", "alone");
                g.writeStringField("reason", e.reason().code());
            }
            case ChatEvent.Message e -> {
                g.writeStringField("event", "message");
                g.writeStringField("id", e.id());
                g.writeStringField("from", e.from());
                g.writeStringField("fingerprint", e.fingerprint());
                name(g, "name", e.name());
                g.writeStringField("text", e.text());
                g.writeBooleanField("private", e.privateMessage());
                ttl(g, e.ttlSeconds());
                strings(g, "confusable_with", e.confusableWith());
            }
            case ChatEvent.Sent e -> {
                g.writeStringField("event", "sent");
                g.writeStringField("id", e.id());
                g.writeStringField("text", e.text());
                g.writeBooleanField("private", e.privateMessage());
                strings(g, "to", e.to());
                ttl(g, e.ttlSeconds());
            }
            case ChatEvent.Delivered e -> {
                g.writeStringField("event", "delivered");
                g.writeStringField("id", e.id());
                g.writeStringField("to", e.to());
            }
            case ChatEvent.Undelivered e -> {
                g.writeStringField("event", "undelivered");
                g.writeStringField("id", e.id());
                g.writeStringField("to", e.to());
                g.writeStringField("reason", e.reason().code());
            }
            case ChatEvent.Expired e -> {
                g.writeStringField("event", "expired");
                g.writeStringField("id", e.id());
            }
            case ChatEvent.NameChanged e -> {
                g.writeStringField("event", "name_changed");
                g.writeStringField("peer_id", e.peerId());
                g.writeStringField("fingerprint", e.fingerprint());
                name(g, "old_name", e.oldName());
                name(g, "name", e.newName());
            }
            case ChatEvent.AuthFailed e -> {
                g.writeStringField("event", "auth_failed");
                g.writeStringField("address", e.address());
                g.writeStringField("reason", e.reason().code());
                g.writeNumberField("count", e.count());
                g.writeNumberField("first_ts", e.firstMillis());
            }
            case ChatEvent.Rejected e -> {
                g.writeStringField("event", "rejected");
                g.writeStringField("address", e.address());
                g.writeStringField("reason", e.reason().code());
                g.writeNumberField("count", e.count());
                g.writeNumberField("first_ts", e.firstMillis());
            }
            case ChatEvent.Duplicate e -> {
                g.writeStringField("event", "duplicate");
                g.writeStringField("peer_id", e.peerId());
                g.writeStringField("kept", e.kept());
                g.writeStringField("via", e.via());
            }
            case ChatEvent.RelayUp e -> {
                g.writeStringField("event", "relay_up");
                g.writeStringField("relay", e.relay());
                g.writeStringField("fingerprint", e.fingerprint());
            }
            case ChatEvent.RelayDown e -> {
                g.writeStringField("event", "relay_down");
                g.writeStringField("relay", e.relay());
                g.writeStringField("reason", e.reason());
                g.writeStringField("detail", e.detail());
            }
            case ChatEvent.Peers e -> {
                g.writeStringField("event", "peers");
                g.writeArrayFieldStart("peers");
                for (ChatEvent.PeerView p : e.peers()) {
                    g.writeStartObject();
                    g.writeStringField("peer_id", p.peerId());
                    name(g, "name", p.name());
                    g.writeStringField("fingerprint", p.fingerprint());
                    g.writeStringField("address", p.address());
                    g.writeStringField("direction", p.direction());
                    g.writeBooleanField("verified", p.verified());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case ChatEvent.SafetyNumber e -> {
                g.writeStringField("event", "safety_number");
                g.writeStringField("peer_id", e.peerId());
                g.writeStringField("fingerprint", e.fingerprint());
                name(g, "name", e.name());
                g.writeStringField("digits", e.digits());
                g.writeStringField("emoji", e.emoji());
                g.writeBooleanField("verified", e.verified());
            }
            case ChatEvent.Stats e -> {
                g.writeStringField("event", "stats");
                g.writeNumberField("links", e.linksUp());
                g.writeBooleanField("cover", e.cover());
                g.writeNumberField("cover_interval_ms", e.coverIntervalMillis());
                g.writeNumberField("bytes_per_hour_per_link", e.bytesPerHourPerLink());
                g.writeNumberField("wire_bytes_per_hour_per_link", e.wireBytesPerHourPerLink());
                g.writeNumberField("queued_cells", e.queuedCells());
                g.writeNumberField("cells_sent", e.cellsSent());
                g.writeNumberField("padding_sent", e.paddingSent());
            }
            case ChatEvent.Settings e -> {
                g.writeStringField("event", "settings");
                if (e.ttlSeconds().isPresent()) g.writeNumberField("ttl", e.ttlSeconds().get());
                else g.writeNullField("ttl");
                name(g, "name", e.name());
            }
            case ChatEvent.Dial e -> {
                g.writeStringField("event", "dial");
                g.writeStringField("target", e.target());
                g.writeStringField("state", e.state());
                name(g, "reason", e.reason());
                if (e.state().equals("retrying")) g.writeNumberField("retry_in_ms", e.retryInMillis());
                name(g, "peer_id", e.peerId());
            }
            case ChatEvent.DialList e -> {
                g.writeStringField("event", "dials");
                g.writeArrayFieldStart("targets");
                for (ChatEvent.DialView d : e.targets()) {
                    g.writeStartObject();
                    g.writeStringField("target", d.target());
                    g.writeStringField("state", d.state());
                    name(g, "reason", d.reason());
                    if (d.state().equals("retrying")) g.writeNumberField("retry_in_ms", d.retryInMillis());
                    name(g, "peer_id", d.peerId());
                    g.writeBooleanField("configured", d.configured());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("absent");
                for (ChatEvent.AbsentView a : e.absent()) {
                    g.writeStartObject();
                    g.writeStringField("peer_id", a.peerId());
                    g.writeStringField("fingerprint", a.fingerprint());
                    name(g, "name", a.name());
                    g.writeNumberField("last_seen_ts", a.lastSeenMillis());
                    g.writeStringField("reason", a.reason());
                    g.writeBooleanField("redialling", a.redialling());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case ChatEvent.QueryChanged e -> {
                g.writeStringField("event", "query");
                name(g, "peer_id", e.peerId());
                name(g, "name", e.label());
            }
            case ChatEvent.Info e -> {
                g.writeStringField("event", "info");
                g.writeStringField("text", e.text());
            }
            case ChatEvent.Error e -> {
                g.writeStringField("event", "error");
                g.writeStringField("message", e.message());
            }
            case ChatEvent.Tor e -> {
                switch (e.kind()) {
                    case BOOTSTRAP -> {
                        g.writeStringField("event", "tor_bootstrap");
                        g.writeNumberField("progress", e.progress());
                        g.writeStringField("summary", e.text());
                    }
                    case READY -> {
                        g.writeStringField("event", "tor_ready");
                        g.writeStringField("onion", e.text());
                    }
                    case DOWN -> {
                        g.writeStringField("event", "tor_down");
                        g.writeStringField("reason", e.reason());
                        g.writeStringField("message", e.text());
                    }
                }
            }
            case ChatEvent.Cleared e -> g.writeStringField("event", "cleared");
            case ChatEvent.Bye e -> g.writeStringField("event", "bye");
        }
    }

    private static void name(JsonGenerator g, String field, Optional<String> value) throws IOException {
        if (value.isPresent()) g.writeStringField(field, value.get());
        else g.writeNullField(field);
    }

    private static void ttl(JsonGenerator g, long seconds) throws IOException {
        if (seconds > 0) g.writeNumberField("ttl", seconds);
        else g.writeNullField("ttl");
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}
