package io.gristmill.client;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local files a job's {@code --input}s name, and the object names they are uploaded under, decided
 * before anything runs. The rules:
 *
 * <ul>
 *   <li>A file is uploaded as its name; a folder as its name followed by the path of each file inside
 *       it, its names kept exactly (a {@code \} in a name is a character like any other).
 *   <li>Symbolic links are followed, to files and to folders, at the top and inside; a link that loops
 *       back or points nowhere is an error.
 *   <li>Only regular files are read: a named pipe, a device or a socket is an error, named.
 *   <li>Every file is read once, by its real path, however many inputs reach it ({@code --input books/
 *       --input ./books} is one folder); the repeats are reported.
 *   <li>A name with a tab, a line break or another control character is an error: the output is
 *       tab-separated lines, which such a name would break.
 * </ul>
 *
 * @param files each file to upload, by the name (relative key) it gets
 * @param repeats inputs, or files, that were named more than once and are read once
 */
public record LocalInput(Map<String, Path> files, List<String> repeats) {

    /** An input that cannot be read as given; the message names it and says what to do. */
    public static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    /** Total bytes. */
    public long bytes() throws IOException {
        long n = 0;
        for (Path p : files.values()) n += Files.size(p);
        return n;
    }

    public static LocalInput resolve(List<Path> inputs) throws Problem, IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Map<Path, String> byRealPath = new HashMap<>();
        Map<String, Integer> baseNames = new HashMap<>();
        List<String> repeats = new ArrayList<>();
        for (Path input : inputs) {
            Path real = realPath(input, "input '" + input + "'");
            if (Files.isDirectory(real)) {
                String base = unique(name(input, real), baseNames);
                List<Path> found = walk(input);
                if (found.isEmpty()) {
                    throw new Problem("input folder '" + input + "' contains no files; give a folder that holds some");
                }
                int before = files.size();
                int repeated = 0;
                for (Path f : found) {
                    String key = base + "/" + relative(input, f);
                    if (!add(files, byRealPath, key, f)) repeated++;
                }
                if (files.size() == before) {
                    repeats.add("input folder '" + input + "' holds only files named by an earlier input");
                } else if (repeated > 0) {
                    repeats.add(repeated + (repeated == 1 ? " file" : " files") + " of input folder '" + input
                            + "' named by an earlier input");
                }
            } else {
                checkFile(input, input);
                String base = unique(name(input, real), baseNames);
                if (!add(files, byRealPath, base, input)) {
                    repeats.add("input '" + input + "' is a file an earlier input names (uploaded as '"
                            + byRealPath.get(input.toRealPath()) + "')");
                }
            }
        }
        return new LocalInput(files, repeats);
    }

    /** Adds a file under a name unless its real path is there already; false for a repeat. */
    private static boolean add(Map<String, Path> files, Map<Path, String> byRealPath, String key, Path f)
            throws Problem, IOException {
        checkName(key, f);
        Path real = f.toRealPath();
        if (byRealPath.containsKey(real)) return false;
        if (files.containsKey(key)) {
            throw new Problem("inputs '" + files.get(key) + "' and '" + f + "' would both be uploaded as '" + key
                    + "'; rename one of them");
        }
        byRealPath.put(real, key);
        files.put(key, f);
        return true;
    }

    /** The name an input gets: its own (a link's name, not its target's), or its real folder's for '.' or '/'. */
    private static String name(Path input, Path real) {
        Path n = input.getFileName();
        String name = n == null || n.toString().equals(".") || n.toString().equals("..") ? null : n.toString();
        if (name == null)
            name = real.getFileName() == null ? "root" : real.getFileName().toString();
        return name;
    }

    /** Two inputs with the same name (x/books, y/books) get books and books-2. */
    private static String unique(String name, Map<String, Integer> used) {
        int n = used.merge(name, 1, Integer::sum);
        if (n == 1) return name;
        String candidate = name + "-" + n;
        while (used.containsKey(candidate)) candidate = name + "-" + used.merge(name, 1, Integer::sum);
        used.put(candidate, 1);
        return candidate;
    }

    /** The path of {@code f} inside {@code dir}, its names joined with '/', exactly as they are. */
    private static String relative(Path dir, Path f) {
        List<String> names = new ArrayList<>();
        for (Path part : dir.relativize(f)) names.add(part.toString());
        return String.join("/", names);
    }

    private static Path realPath(Path p, String what) throws Problem, IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new Problem(what + " does not exist; give a file or a folder (check the path)");
        }
        if (!Files.exists(p)) {
            throw new Problem(what + " is a symbolic link to '" + Files.readSymbolicLink(p)
                    + "', which does not exist; fix or remove the link");
        }
        if (!Files.isReadable(p)) throw new Problem(what + " cannot be read (check its permissions)");
        return p.toRealPath();
    }

    /** A regular, readable file, or an error that says what it is instead. */
    private static void checkFile(Path f, Path input) throws Problem, IOException {
        String what = f.equals(input) ? "input '" + f + "'" : "input file '" + f + "' (in '" + input + "')";
        realPath(f, what);
        if (!Files.isRegularFile(f)) {
            throw new Problem(what + " is " + kind(f) + ", not a regular file; only files and folders can be input"
                    + " (copy the data into a file first)");
        }
    }

    /** What a file that is not a regular file or a folder is: a named pipe, a device... */
    static String kind(Path f) {
        try {
            int type = (Integer) Files.getAttribute(f, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    private static void checkName(String key, Path f) throws Problem {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                String what = c == '\t' ? "a tab" : c == '\n' || c == '\r' ? "a line break" : "a control character";
                throw new Problem("input file '" + f + "' has " + what + " in its name, which would break the"
                        + " tab-separated lines of the output (and the names the functions see); rename it");
            }
        }
    }

    /** The files in a folder and below, following links, sorted by path; errors name the first bad entry. */
    private static List<Path> walk(Path dir) throws Problem, IOException {
        List<Path> found = new ArrayList<>();
        Problem[] problem = new Problem[1];
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                try {
                    checkFile(f, dir);
                    found.add(f);
                    return FileVisitResult.CONTINUE;
                } catch (Problem p) {
                    problem[0] = p;
                    return FileVisitResult.TERMINATE;
                }
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                if (e instanceof FileSystemLoopException) {
                    problem[0] = new Problem("input folder '" + dir + "' has a symbolic link that loops back: '" + f
                            + "' leads to a folder that contains it; remove the link");
                } else if (Files.isSymbolicLink(f) && !Files.exists(f)) {
                    problem[0] = new Problem("input folder '" + dir + "' has a symbolic link '" + f + "' to '"
                            + Files.readSymbolicLink(f) + "', which does not exist; fix or remove the link");
                } else {
                    problem[0] = new Problem("input '" + f + "' (in '" + dir + "') cannot be read: " + e.getMessage());
                }
                return FileVisitResult.TERMINATE;
            }
        });
        if (problem[0] != null) throw problem[0];
        found.sort(null);
        return found;
    }

    /** The keys under {@code prefix}, by file: what {@link JobClient#upload} uploads. */
    public Map<Path, String> keys(String prefix) {
        Map<Path, String> out = new LinkedHashMap<>();
        files.forEach((name, path) -> out.put(path, prefix + name));
        return out;
    }
}
