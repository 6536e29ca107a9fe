#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many connections fit in the process's open-file limit: each holds a descriptor, and blob
/// reads and writes, the database and its journal need their own. Running out of descriptors
/// made the server spin on accept and serve nothing; keeping connections under the limit minus a
/// reserve means the files a request needs can always be opened.
public enum DescriptorBudget {
    /// Descriptors kept for files: the blob I/O threads, SQLite, logs, listeners.
    static let reserve = 256

    /// Raises the soft open-file limit to the hard one (the usual server practice) and returns
    /// the connections that leave ``reserve`` descriptors free (at least 16).
    public static func connections() -> Int {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return 1_024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(RLIMIT_NOFILE_VALUE, &raised) == 0 { limit = raised }
        }
        let descriptors = Int(min(limit.rlim_cur, 1 << 20))  // RLIM_INFINITY is the largest value
        return max(16, descriptors - reserve)
    }

    #if canImport(Glibc)
    private static let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let RLIMIT_NOFILE_VALUE = RLIMIT_NOFILE
    #endif
}
