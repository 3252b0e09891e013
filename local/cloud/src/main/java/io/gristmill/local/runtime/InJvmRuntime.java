package io.gristmill.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs function instances inside this JVM: each instance is one handler object, created with the
 * function's environment, reused while warm, and never used by two invocations at once. Fast to
 * start, which suits tests; an instance that times out is abandoned (a thread cannot be killed), so
 * it may still finish in the background, as a straggler would.
 */
public final class InJvmRuntime implements FunctionRuntime {
    private final ClassLoader loader;
    private final Path logDir;
    private final String account;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lambda-invocation");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param loader loads the handlers and the user's job classes (the "deployment package")
     * @param logDir where each instance's log goes: {@code <function>/<instance>.log}
     */
    public InJvmRuntime(ClassLoader loader, Path logDir, String account) {
        this.loader = loader;
        this.logDir = logDir;
        this.account = account;
    }

    private final class Instance {
        final String id;
        final Object handler;
        final PrintStream log;

        Instance(String id, Object handler, PrintStream log) {
            this.id = id;
            this.handler = handler;
            this.log = log;
        }
    }

    private final class Pool {
        final Semaphore slots;
        final ConcurrentLinkedDeque<Instance> idle = new ConcurrentLinkedDeque<>();
        final AtomicInteger started = new AtomicInteger();

        Pool(FunctionConfig fn) {
            this.slots = new Semaphore(fn.maxInstances(), true);
        }
    }

    @Override
    public BatchResult invokeSqs(FunctionConfig fn, List<QueueMessage> messages, String queueArn, String region)
            throws InterruptedException {
        Pool pool = pools.computeIfAbsent(fn.name(), n -> new Pool(fn));
        pool.slots.acquire();
        long start = System.currentTimeMillis();
        Set<String> all = new HashSet<>();
        for (QueueMessage m : messages) all.add(m.messageId());
        try {
            Instance instance = pool.idle.pollFirst();
            boolean cold = instance == null;
            if (cold) {
                try {
                    instance = newInstance(fn, pool);
                } catch (Exception e) {
                    return new BatchResult(all, "Runtime.InitError: " + e, true, System.currentTimeMillis() - start);
                }
            }
            Instance inst = instance;
            String requestId = UUID.randomUUID().toString();
            SQSEvent event = toEvent(messages, queueArn, region);
            LocalContext context = new LocalContext(requestId, fn, inst.id, region, account);
            Future<Object> call = threads.submit(() -> invoke(inst, event, context, requestId));
            try {
                Object response = call.get(fn.timeoutSeconds(), TimeUnit.SECONDS);
                pool.idle.addFirst(inst);
                return new BatchResult(retries(response, all), null, cold, System.currentTimeMillis() - start);
            } catch (TimeoutException e) {
                call.cancel(true);
                inst.log.printf("%s Task timed out after %d.00 seconds%n", requestId, fn.timeoutSeconds());
                return new BatchResult(
                        all,
                        "Task timed out after " + fn.timeoutSeconds() + ".00 seconds",
                        cold,
                        System.currentTimeMillis() - start);
            } catch (ExecutionException e) {
                // Lambda keeps an instance whose handler threw an exception; an Error (out of memory,
                // a chaos crash) ends it, as the process would have ended.
                if (e.getCause() instanceof Error) {
                    inst.log.println(requestId + " instance ended by " + e.getCause());
                } else {
                    pool.idle.addFirst(inst);
                }
                return new BatchResult(
                        all, "Runtime.UserException: " + e.getCause(), cold, System.currentTimeMillis() - start);
            }
        } finally {
            pool.slots.release();
        }
    }

    private Object invoke(Instance inst, SQSEvent event, LocalContext context, String requestId) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        LogRouter.route(inst.log);
        long begin = System.nanoTime();
        try {
            inst.log.println("START RequestId: " + requestId);
            @SuppressWarnings("unchecked")
            RequestHandler<SQSEvent, Object> handler = (RequestHandler<SQSEvent, Object>) inst.handler;
            return handler.handleRequest(event, context);
        } finally {
            inst.log.printf(
                    "END RequestId: %s%nREPORT RequestId: %s Duration: %.2f ms%n",
                    requestId, requestId, (System.nanoTime() - begin) / 1e6);
            LogRouter.route(null);
            t.setContextClassLoader(previous);
        }
    }

    private Instance newInstance(FunctionConfig fn, Pool pool) throws Exception {
        String id = String.format("%s/%03d", fn.name(), pool.started.incrementAndGet());
        Path file = logDir.resolve(id + ".log");
        Files.createDirectories(file.getParent());
        PrintStream log = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8);
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        LogRouter.route(log);
        try {
            long begin = System.nanoTime();
            Class<?> cls = Class.forName(fn.handlerClass(), true, loader);
            if (!RequestHandler.class.isAssignableFrom(cls)) {
                throw new IllegalStateException(fn.handler() + " is not a RequestHandler");
            }
            Object handler;
            // Instances share this JVM, so a chaos crash throws instead of halting the process.
            Map<String, String> env = new java.util.LinkedHashMap<>(fn.environment());
            env.put("GRISTMILL_CRASH_MODE", "throw");
            try {
                Constructor<?> withEnv = cls.getConstructor(Map.class);
                handler = withEnv.newInstance(env);
            } catch (NoSuchMethodException e) {
                handler = cls.getConstructor().newInstance();
            }
            log.printf("INIT_REPORT Init Duration: %.2f ms%n", (System.nanoTime() - begin) / 1e6);
            return new Instance(id, handler, log);
        } catch (InvocationTargetException e) {
            log.println("INIT_ERROR " + e.getCause());
            throw new IllegalStateException(e.getCause());
        } finally {
            LogRouter.route(null);
            t.setContextClassLoader(previous);
        }
    }

    static SQSEvent toEvent(List<QueueMessage> messages, String queueArn, String region) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (QueueMessage m : messages) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setMd5OfBody(m.md5OfBody());
            r.setAttributes(m.attributes());
            r.setMessageAttributes(Map.of());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(queueArn);
            r.setAwsRegion(region);
            records.add(r);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    /** Partial batch response semantics: listed items are retried, a null response means success. */
    static Set<String> retries(Object response, Set<String> all) {
        if (!(response instanceof SQSBatchResponse r) || r.getBatchItemFailures() == null) return Set.of();
        Set<String> retry = new HashSet<>();
        for (SQSBatchResponse.BatchItemFailure f : r.getBatchItemFailures()) {
            String id = f.getItemIdentifier();
            if (id == null || id.isEmpty() || !all.contains(id)) return all; // Lambda fails the whole batch
            retry.add(id);
        }
        return retry;
    }

    @Override
    public Map<String, Integer> coldStarts() {
        Map<String, Integer> out = new TreeMap<>();
        pools.forEach((k, v) -> out.put(k, v.started.get()));
        return out;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        for (Pool p : pools.values()) {
            for (Instance i : p.idle) {
                if (i.handler instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // closing clients at shutdown; nothing to do
                    }
                }
                i.log.close();
            }
        }
    }
}
