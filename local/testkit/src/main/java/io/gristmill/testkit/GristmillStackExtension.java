package io.gristmill.testkit;

import io.gristmill.client.StackEndpoint;
import io.gristmill.local.stack.StackServer;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link GristmillStack}: one stack per test class, kept in the class's store,
 * so JUnit stops it (if it is the class's own) once the class's tests are done. Use it through the
 * annotation, or with {@code @ExtendWith(GristmillStackExtension.class)} (which reuses a running stack).
 */
public final class GristmillStackExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(GristmillStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return stack(context);
        } catch (Exception e) {
            throw new ParameterResolutionException("could not start a local stack: " + e.getMessage(), e);
        }
    }

    private static TestStack stack(ExtensionContext context) throws Exception {
        ExtensionContext classContext = classContext(context);
        ExtensionContext.Store store = classContext.getStore(NAMESPACE);
        TestStack existing = store.get(TestStack.class, TestStack.class);
        if (existing != null) return existing;
        TestStack stack = start(reuse(classContext));
        store.put(TestStack.class, stack); // a CloseableResource: closed when the class is done
        return stack;
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent())
            c = c.getParent().get();
        return c;
    }

    private static boolean reuse(ExtensionContext classContext) {
        if ("false".equalsIgnoreCase(System.getProperty("gristmill.testkit.reuse"))) return false;
        return classContext
                .getTestClass()
                .map(c -> c.getAnnotation(GristmillStack.class))
                .map(GristmillStack::reuse)
                .orElse(true);
    }

    private static TestStack start(boolean reuse) throws Exception {
        if (reuse) {
            Optional<StackEndpoint> running = StackEndpoint.discover(StackEndpoint.defaultEndpoint());
            if (running.isPresent()) return new TestStack(running.get(), null);
        }
        StackServer server = StackServer.start(StackServer.Config.forTests());
        try {
            return new TestStack(StackEndpoint.discover(server.endpoint()).orElseThrow(), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
