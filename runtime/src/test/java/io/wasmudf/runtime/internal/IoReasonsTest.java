package io.wasmudf.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class IoReasonsTest {
    @Test
    void fileFailuresAreWordsNotClassNames() {
        assertEquals("no such file", IoReasons.file(new NoSuchFileException("/x.wasm")));
        assertEquals("permission denied", IoReasons.file(new AccessDeniedException("/x.wasm")));
        assertEquals("is a directory", IoReasons.file(new IOException("Is a directory")));
        assertEquals("not a directory", IoReasons.file(new FileSystemException("/a/b", null, "Not a directory")));
        assertEquals("it cannot be read", IoReasons.file(new IOException()));
    }

    @Test
    void networkFailuresLookThroughTheCausesTheHttpClientWrapsThemIn() {
        // what the JDK's HttpClient throws: a ConnectException without a message, the reason as its cause
        assertEquals("cannot connect", IoReasons.network(new ConnectException()));
        IOException unresolved = new ConnectException();
        unresolved.initCause(new ConnectException().initCause(new UnresolvedAddressException()));
        assertEquals("unknown host", IoReasons.network(unresolved));
        assertEquals("unknown host", IoReasons.network(new IOException(new UnknownHostException("x.invalid"))));
        assertEquals("the TLS handshake failed", IoReasons.network(new IOException(new SSLHandshakeException("PKIX"))));
        assertEquals("the connection failed", IoReasons.network(new IOException("java.nio.channels.ClosedChannelException")));
        assertEquals("connection reset", IoReasons.network(new IOException("java.net.SocketException: Connection reset")));
    }
}
