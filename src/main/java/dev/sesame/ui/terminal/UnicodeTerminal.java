package dev.sesame.ui.terminal;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * Lanterna's Unix terminal, with flow control off, and a cell's text written as a whole. Lanterna 3.1.5
 * encodes {@code putString} one {@code char} at a time, which turns every character outside the
 * Basic Multilingual Plane (most emoji) into two {@code ?}. Text still passes Lanterna's own
 * filter when it is a single char; longer cells (a character with its combining marks, or a
 * surrogate pair) come only from the painter, already sanitised, and a control character in
 * one is refused here as a last line of defence. Thread-safety as {@link UnixTerminal}.
 */
final class UnicodeTerminal extends UnixTerminal {
    private final Charset charset;

    UnicodeTerminal(InputStream in, OutputStream out, Charset charset) throws IOException {
        super(in, out, charset, CtrlCBehaviour.TRAP);
        this.charset = charset;
        // Ctrl-S would otherwise stop all output (XON/XOFF) and look like a hang; Lanterna saved the
        // settings with "stty -g" before changing them and puts them all back on close.
        runSTTYCommand("-ixon");
        // Enter (CR) and Ctrl-J (LF) must stay apart: Ctrl-J starts a new line in a message.
        runSTTYCommand("-icrnl");
        getInputDecoder().addProfile(PasteMarker::patterns);
    }

    /**
     * The size as the terminal driver knows it ({@code stty size}), instead of Lanterna's way of
     * moving the cursor far away and asking the terminal where it ended up ({@code ESC[6n}): a
     * terminal that never answers that question left the screen blank for 5 s per question at
     * start (README "Performance"). When the driver does not say either, 80×24 until the next resize.
     */
    @Override
    protected TerminalSize findTerminalSize() {
        try {
            String[] rowsColumns = runSTTYCommand("size").trim().split("\\s+");
            int rows = Integer.parseInt(rowsColumns[0]);
            int columns = Integer.parseInt(rowsColumns[1]);
            if (rows > 0 && columns > 0) return new TerminalSize(columns, rows);
        } catch (IOException | RuntimeException e) {
            // no usable answer from stty: the classic size below
        }
        return new TerminalSize(80, 24);
    }

    @Override
    public void putString(String text) throws IOException {
        if (text.length() == 1) {
            super.putString(text);
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) throw new IllegalArgumentException("control character in a cell");
        }
        writeToTerminal(text.getBytes(charset));
    }
}
