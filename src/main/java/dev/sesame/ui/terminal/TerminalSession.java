package dev.sesame.ui.terminal;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The terminal while the interface owns it: Lanterna's Unix text terminal ({@link UnicodeTerminal})
 * in raw mode with Ctrl-C trapped, on the alternate screen. {@link #close} gives it back exactly as it was (main screen,
 * cooked mode, echo, cursor); {@link #wipeAndClose} also erases the screen and the scrollback
 * on both screens first. Both may be called from any thread, more than once.
 */
final class TerminalSession {
    /** Erase the screen and the scrollback, cursor home (ED 2, ED 3, CUP). */
    private static final byte[] WIPE = "\u001b[2J\u001b[3J\u001b[H".getBytes(StandardCharsets.US_ASCII);
    /** Bracketed paste on and off (xterm's mode 2004): pasted text arrives between markers ({@link PasteMarker}). */
    private static final byte[] PASTE_ON = "\u001b[?2004h".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASTE_OFF = "\u001b[?2004l".getBytes(StandardCharsets.US_ASCII);
    private static final byte BELL = 0x07;
    /** Room for a whole frame of a large terminal with colours, so that one refresh is one write. */
    private static final int FRAME_BUFFER_BYTES = 64 * 1024;

    private final Terminal terminal;
    private final TerminalScreen screen;
    private final OutputStream out;
    private final boolean unicode;
    private boolean closed;

    private TerminalSession(Terminal terminal, TerminalScreen screen, OutputStream out, boolean unicode) {
        this.terminal = terminal;
        this.screen = screen;
        this.out = out;
        this.unicode = unicode;
    }

    static TerminalSession open() throws IOException {
        // A frame leaves in one write: System.out flushes every piece Lanterna writes (each escape
        // sequence, each run of cells), which made a frame dozens of system calls and let the
        // terminal draw it half done. Lanterna flushes at the end of every refresh, and every
        // write of ours below flushes (README "Performance", the terminal interface).
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), FRAME_BUFFER_BYTES);
        Charset charset = terminalCharset();
        // What DefaultTerminalFactory.setForceTextTerminal(true) builds on Linux and macOS, with Ctrl-C
        // trapped, and with whole-cell output so that emoji survive.
        Terminal terminal;
        try {
            terminal = new UnicodeTerminal(System.in, out, charset);
        } catch (IOException e) {
            throw new IOException("no terminal for the full-screen interface (" + e.getMessage()
                    + "); run Sesame in a terminal, or use --headless", e);
        }
        TerminalScreen screen = new TerminalScreen(terminal);
        try {
            screen.startScreen();
            out.write(PASTE_ON);
            out.flush();
        } catch (IOException | RuntimeException e) {
            terminal.close();
            throw e;
        }
        return new TerminalSession(terminal, screen, out, charset.equals(StandardCharsets.UTF_8));
    }

    /** The terminal's encoding as the JDK found it (from the locale); UTF-8 if it did not say. */
    private static Charset terminalCharset() {
        String name = System.getProperty("stdout.encoding", System.getProperty("native.encoding", "UTF-8"));
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    Screen screen() {
        return screen;
    }

    boolean unicode() {
        return unicode;
    }

    /** Blocks until a key arrives (Lanterna reads stdin on the calling thread). */
    KeyStroke readKey() throws IOException {
        return terminal.readInput();
    }

    /** {@code wake} runs (on a signal thread) whenever the terminal changes size. */
    void onResize(Runnable wake) {
        terminal.addResizeListener((t, size) -> wake.run());
    }

    /** Rings the terminal bell (tmux and most terminals mark the window). */
    synchronized void bell() {
        if (closed) return;
        try {
            write(new byte[] {BELL});
        } catch (IOException e) {
            // A bell that cannot ring is not worth failing for.
        }
    }

    /**
     * Sets the terminal's title (OSC 2). {@code title} is ours (counts, never text from peers),
     * and is checked to be printable ASCII anyway.
     */
    synchronized void title(String title) {
        if (closed || !title.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) return;
        try {
            write(("\u001b]2;" + title + "\u0007").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // The title is a courtesy.
        }
    }

    synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            write(PASTE_OFF);
        } catch (IOException e) {
            // The terminal is going away anyway.
        }
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            // Fall through: terminal.close() below restores the mode and leaves the alternate screen too.
        }
        try {
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // Nothing more can be done for a terminal that is gone.
        }
        try {
            out.flush(); // Lanterna flushes when it leaves the alternate screen; this is in case it did not get that far
        } catch (IOException e) {
            // as above
        }
    }

    /** Erases everything on the alternate screen, gives the terminal back, then erases the main screen and its scrollback. */
    synchronized void wipeAndClose() {
        if (!closed) {
            try {
                screen.clear();
                screen.refresh(Screen.RefreshType.COMPLETE);
                terminal.flush();
                write(WIPE);
            } catch (IOException | RuntimeException e) {
                // Keep going: restoring the terminal matters more than this frame.
            }
            close();
        }
        try {
            write(WIPE);
        } catch (IOException e) {
            // The terminal is gone; there is nothing left on it to wipe.
        }
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }
}
