package io.gristmill.engine.task;

import io.gristmill.api.Combiner;
import io.gristmill.api.HashPartitioner;
import io.gristmill.api.Mapper;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Reducer;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.function.UnaryOperator;

/**
 * The job's functions, loaded by class name. Loading checks everything that can be checked before a
 * task runs (the class exists, implements the right interface, has a public no-argument constructor)
 * and says how to fix what is wrong.
 */
public final class JobFunctions {
    private final JobSpec spec;
    private final Constructor<? extends Mapper> mapper;
    private final Constructor<? extends Reducer> reducer;
    private final Constructor<? extends Combiner> combiner;
    private final Constructor<? extends Partitioner> partitioner;
    private final UnaryOperator<Mapper> mapperDecorator;
    private final UnaryOperator<Reducer> reducerDecorator;

    private JobFunctions(JobSpec spec, Constructor<? extends Mapper> mapper, Constructor<? extends Reducer> reducer,
            Constructor<? extends Combiner> combiner, Constructor<? extends Partitioner> partitioner,
            UnaryOperator<Mapper> mapperDecorator, UnaryOperator<Reducer> reducerDecorator) {
        this.spec = spec;
        this.mapper = mapper;
        this.reducer = reducer;
        this.combiner = combiner;
        this.partitioner = partitioner;
        this.mapperDecorator = mapperDecorator;
        this.reducerDecorator = reducerDecorator;
    }

    /** The same functions, each mapper and reducer wrapped (fault injection wraps them this way). */
    public JobFunctions decorate(UnaryOperator<Mapper> mapperWrapper, UnaryOperator<Reducer> reducerWrapper) {
        return new JobFunctions(spec, mapper, reducer, combiner, partitioner,
                m -> mapperWrapper.apply(mapperDecorator.apply(m)), r -> reducerWrapper.apply(reducerDecorator.apply(r)));
    }

    /** Loads the classes through {@code loader} (on Lambda and locally: the context class loader). */
    public static JobFunctions load(JobSpec spec, ClassLoader loader) throws JobSpecException {
        Constructor<? extends Partitioner> partitioner = switch (spec.partitioner()) {
            case "hash", "range" -> null;
            default -> constructor("partitioner", spec.partitioner(), Partitioner.class, loader);
        };
        return new JobFunctions(spec,
                constructor("mapper", spec.mapper(), Mapper.class, loader),
                constructor("reducer", spec.reducer(), Reducer.class, loader),
                spec.combiner() == null ? null : constructor("combiner", spec.combiner(), Combiner.class, loader),
                partitioner, UnaryOperator.identity(), UnaryOperator.identity());
    }

    public static JobFunctions load(JobSpec spec) throws JobSpecException {
        return load(spec, contextLoader());
    }

    public static ClassLoader contextLoader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : JobFunctions.class.getClassLoader();
    }

    /**
     * Creates every function and runs its {@code setup}, so that a bad parameter fails the job at
     * once, with the function's own message, instead of failing every task.
     */
    public void check() throws JobSpecException {
        Counters scratch = new Counters();
        BasicTaskContext context = new BasicTaskContext(spec, "check", scratch);
        setup("mapper", () -> newMapper().setup(context));
        setup("reducer", () -> newReducer().setup(context));
        if (combiner != null) setup("combiner", () -> newCombiner().setup(context));
        setup("partitioner", () -> newPartitioner().setup(context));
    }

    private interface Setup {
        void run() throws Exception;
    }

    private void setup(String role, Setup setup) throws JobSpecException {
        try {
            setup.run();
        } catch (Exception | LinkageError e) {
            String msg = e.getMessage();
            throw new JobSpecException("the " + role + "'s setup rejected the job: "
                    + (msg != null && e instanceof IllegalArgumentException ? msg : TaskFailure.describe(e)), e);
        }
    }

    public Mapper newMapper() {
        return mapperDecorator.apply(create(mapper));
    }

    public Reducer newReducer() {
        return reducerDecorator.apply(create(reducer));
    }

    /** The combiner, or null when the job has none. */
    public Combiner newCombiner() {
        return combiner == null ? null : create(combiner);
    }

    public Partitioner newPartitioner() {
        if (partitioner != null) return create(partitioner);
        return spec.rangePartitioned() ? new RangePartitioner(spec.splitPoints()) : new HashPartitioner();
    }

    public boolean hasCombiner() {
        return combiner != null;
    }

    private static <T> T create(Constructor<? extends T> c) {
        try {
            return c.newInstance();
        } catch (InvocationTargetException e) {
            throw new TaskFailure("creating " + c.getDeclaringClass().getName() + " failed: "
                    + TaskFailure.describe(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new TaskFailure("creating " + c.getDeclaringClass().getName() + " failed: " + e, e);
        }
    }

    private static <T> Constructor<? extends T> constructor(String role, String name, Class<T> type, ClassLoader loader)
            throws JobSpecException {
        Class<?> cls;
        try {
            cls = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            cls = nestedClass(name, loader);
            if (cls == null) {
                throw new JobSpecException(role + " class '" + name + "' was not found. Locally, pass the jar that"
                        + " contains it with --jar; on AWS, build it into the functions' deployment package"
                        + " (docs/deploy.md). Check the spelling and the package name.");
            }
        } catch (LinkageError e) {
            throw new JobSpecException(role + " class '" + name + "' could not be loaded: " + e, e);
        }
        if (!type.isAssignableFrom(cls)) {
            throw new JobSpecException(role + " class '" + name + "' does not implement " + type.getName());
        }
        if (Modifier.isAbstract(cls.getModifiers())) {
            throw new JobSpecException(role + " class '" + name + "' is abstract or an interface; name a concrete class");
        }
        try {
            Constructor<?> c = cls.getConstructor();
            @SuppressWarnings("unchecked")
            Constructor<? extends T> typed = (Constructor<? extends T>) c;
            return typed;
        } catch (NoSuchMethodException e) {
            throw new JobSpecException(role + " class '" + name + "' needs a public no-argument constructor"
                    + (cls.getEnclosingClass() != null && !Modifier.isStatic(cls.getModifiers())
                            ? " (a nested class must be declared static)" : ""));
        }
    }

    /** Users often write {@code com.acme.Job.Map} for the nested class {@code com.acme.Job$Map}. */
    private static Class<?> nestedClass(String name, ClassLoader loader) {
        String n = name;
        for (int dot = n.lastIndexOf('.'); dot > 0; dot = n.lastIndexOf('.')) {
            n = n.substring(0, dot) + '$' + n.substring(dot + 1);
            try {
                return Class.forName(n, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // keep trying outer levels
            }
        }
        return null;
    }
}
