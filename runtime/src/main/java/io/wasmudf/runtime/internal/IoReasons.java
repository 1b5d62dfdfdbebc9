package io.wasmudf.runtime.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why a file could not be read or a connection failed, in words for the user: the JDK's
 * exceptions often carry no message, or only their own class name, which must not reach an
 * error a database or the command line shows.
 */
public final class IoReasons {
    /** A qualified class name and the colon after it, as Throwable.toString writes them. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(?:java|javax|jdk|sun)\\.[\\w.$]*[A-Z][\\w$]*:?\\s*");

    private IoReasons() {
    }

    /** For example "no such file", "permission denied", "is a directory". */
    public static String file(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String why = e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage();
        return plain(why, "it cannot be read");
    }

    /** For example "cannot connect", "unknown host", "the TLS handshake failed". */
    public static String network(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "cannot connect";
            }
            if (c instanceof SSLException) {
                return "the TLS handshake failed";
            }
        }
        return plain(e.getMessage(), "the connection failed");
    }

    private static String plain(String message, String otherwise) {
        String m = message == null ? "" : CLASS_NAME.matcher(message).replaceAll("").trim();
        return m.isEmpty() ? otherwise : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
