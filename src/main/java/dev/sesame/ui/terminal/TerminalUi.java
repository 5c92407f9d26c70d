package dev.sesame.ui.terminal;

import dev.sesame.chat.ChatEvent;
import dev.sesame.chat.ChatService;
import dev.sesame.link.TrafficShape;
import java.io.IOException;

/** Placeholder until the full-screen interface lands. */
public final class TerminalUi {
    public static TerminalUi open(boolean decoy, TrafficShape shape) throws IOException {
        throw new IOException("the terminal interface is not built yet; use --headless");
    }

    public void show(ChatEvent event) {}

    public int run(ChatService chat) {
        return 1;
    }

    public void wipeScreenAndRestore() {}
}
