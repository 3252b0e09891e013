package io.gristmill.engine.task;

import io.gristmill.api.Combiner;
import io.gristmill.api.HashPartitioner;
import io.gristmill.api.JobFunction;
import io.gristmill.api.Mapper;
import io.gristmill.api.Partitioner;
import io.gristmill.api.Reducer;
import io.gristmill.engine.fast.FastPaths;
import io.gristmill.engine.fast.LineMapper;
import io.gristmill.engine.job.JobSpec;
import io.gristmill.engine.job.JobSpecException;
import io.gristmill.engine.job.Partitioning;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Optional;
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
    private final Constructor<? extends JobFunction> combiner;
    private final Constructor<? extends Partitioner> partitioner;
    private final UnaryOperator<Mapper> mapperDecorator;
    private final UnaryOperator<Reducer> reducerDecorator;

    private JobFunctions(
            JobSpec spec,
            Constructor<? extends Mapper> mapper,
            Constructor<? extends Reducer> reducer,
            Constructor<? extends JobFunction> combiner,
            Constructor<? extends Partitioner> partitioner,
            UnaryOperator<Mapper> mapperDecorator,
            UnaryOperator<Reducer> reducerDecorator) {
        this.spec = spec;
        this.mapper = mapper;
        this.reducer = reducer;
        this.combiner = combiner;
        this.partitioner = partitioner;
        this.mapperDecorator = mapperDecorator;
        this.reducerDecorator = reducerDecorator;
    }

    /**
     * The byte-level fast path of a built-in app's mapper, when {@code mapper} is that app's own
     * mapper (not wrapped, as fault injection wraps it): it emits exactly what the mapper would.
     */
    public Optional<LineMapper> lineMapperFor(Mapper mapper) {
        return mapper.getClass().getName().equals(spec.mapper())
                ? FastPaths.forMapper(spec.mapper())
                : Optional.empty();
    }

    /** The same functions, each mapper and reducer wrapped (fault injection wraps them this way). */
    public JobFunctions decorate(UnaryOperator<Mapper> mapperWrapper, UnaryOperator<Reducer> reducerWrapper) {
        return new JobFunctions(
                spec,
                mapper,
                reducer,
                combiner,
                partitioner,
                m -> mapperWrapper.apply(mapperDecorator.apply(m)),
                r -> reducerWrapper.apply(reducerDecorator.apply(r)));
    }

    /** Loads the classes through {@code loader} (on Lambda and locally: the context class loader). */
    public static JobFunctions load(JobSpec spec, ClassLoader loader) throws JobSpecException {
        Constructor<? extends Partitioner> partitioner = spec.partitioning() instanceof Partitioning.Custom c
                ? constructor("partitioner", c.className(), Partitioner.class, loader)
                : null;
        Constructor<? extends JobFunction> combiner = null;
        if (spec.combiner().isPresent()) {
            // A Reducer serves as the combiner when its class is named as one: same types in and out.
            Class<?> cls = find("combiner", spec.combiner().get(), loader);
            Class<? extends JobFunction> role =
                    Reducer.class.isAssignableFrom(cls) && !Combiner.class.isAssignableFrom(cls)
                            ? Reducer.class
                            : Combiner.class;
            combiner = constructor("combiner", spec.combiner().get(), role, loader);
        }
        return new JobFunctions(
                spec,
                constructor("mapper", spec.mapper(), Mapper.class, loader),
                constructor("reducer", spec.reducer(), Reducer.class, loader),
                combiner,
                partitioner,
                UnaryOperator.identity(),
                UnaryOperator.identity());
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
            throw new JobSpecException(
                    "the " + role + "'s setup rejected the job: "
                            + (msg != null && e instanceof IllegalArgumentException ? msg : TaskFailure.describe(e)),
                    e);
        }
    }

    public Mapper newMapper() {
        return mapperDecorator.apply(create(mapper));
    }

    public Reducer newReducer() {
        return reducerDecorator.apply(create(reducer));
    }

    /** The combiner, or null when the job has none; a Reducer named as the combiner combines by reducing. */
    public Combiner newCombiner() {
        if (combiner == null) return null;
        JobFunction f = create(combiner);
        return f instanceof Combiner c ? c : new ReducerAsCombiner((Reducer) f);
    }

    public Partitioner newPartitioner() {
        if (partitioner != null) return create(partitioner);
        return spec.partitioning() instanceof Partitioning.Range r
                ? new RangePartitioner(r.splitPoints())
                : new HashPartitioner();
    }

    public boolean hasCombiner() {
        return combiner != null;
    }

    private static <T> T create(Constructor<? extends T> c) {
        try {
            return c.newInstance();
        } catch (InvocationTargetException e) {
            throw new TaskFailure(
                    "creating " + c.getDeclaringClass().getName() + " failed: " + TaskFailure.describe(e.getCause()),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new TaskFailure("creating " + c.getDeclaringClass().getName() + " failed: " + e, e);
        }
    }

    private static Class<?> find(String role, String name, ClassLoader loader) throws JobSpecException {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            Class<?> nested = nestedClass(name, loader);
            if (nested == null) {
                throw new JobSpecException(role + " class '" + name + "' was not found. Locally, pass the jar that"
                        + " contains it with --jar; on AWS, build it into the functions' deployment package"
                        + " (docs/deploy.md). Check the spelling and the package name.");
            }
            return nested;
        } catch (LinkageError e) {
            throw new JobSpecException(role + " class '" + name + "' could not be loaded: " + e, e);
        }
    }

    private static <T> Constructor<? extends T> constructor(String role, String name, Class<T> type, ClassLoader loader)
            throws JobSpecException {
        Class<?> cls = find(role, name, loader);
        if (!type.isAssignableFrom(cls)) {
            throw new JobSpecException(role + " class '" + name + "' does not implement " + type.getName()
                    + (role.equals("combiner") ? " (or io.gristmill.api.Reducer)" : ""));
        }
        if (Modifier.isAbstract(cls.getModifiers())) {
            throw new JobSpecException(
                    role + " class '" + name + "' is abstract or an interface; name a concrete class");
        }
        try {
            Constructor<?> c = cls.getConstructor();
            @SuppressWarnings("unchecked")
            Constructor<? extends T> typed = (Constructor<? extends T>) c;
            return typed;
        } catch (NoSuchMethodException e) {
            throw new JobSpecException(role + " class '" + name + "' needs a public no-argument constructor"
                    + (cls.getEnclosingClass() != null && !Modifier.isStatic(cls.getModifiers())
                            ? " (a nested class must be declared static)"
                            : ""));
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
