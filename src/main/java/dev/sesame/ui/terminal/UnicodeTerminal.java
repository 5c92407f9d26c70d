package dev.sesame.ui.terminal;

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
