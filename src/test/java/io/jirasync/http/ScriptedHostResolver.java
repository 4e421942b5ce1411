package io.jirasync.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The tests' DNS: names a test scripted answer what it said, one answer per lookup (the last one again and again),
 * like a DNS server whose answer changes from one lookup to the next; every other name resolves as usual.
 */
@ApplicationScoped
public class ScriptedHostResolver implements HostResolver {

    private final Map<String, Deque<List<InetAddress>>> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** From now on, the lookups of {@code host} answer these addresses in turn (IP literals). */
    public void script(String host, String... answers) {
        Deque<List<InetAddress>> queue = new ArrayDeque<>();
        for (String answer : answers) {
            try {
                queue.add(List.of(InetAddress.getByName(answer)));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(answer + " is not an IP literal", e);
            }
        }
        scripts.put(host, queue);
        lookups.put(host, new AtomicInteger());
    }

    /** How often a scripted host was looked up since it was scripted. */
    public int lookups(String host) {
        return lookups.get(host).get();
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        Deque<List<InetAddress>> script = scripts.get(host);
        if (script == null) {
            return List.of(InetAddress.getAllByName(host));
        }
        lookups.get(host).incrementAndGet();
        synchronized (script) {
            return script.size() > 1 ? script.poll() : script.peek();
        }
    }
}
