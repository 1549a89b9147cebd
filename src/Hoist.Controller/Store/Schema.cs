namespace Hoist.Controller.Store;

/// <summary>The tables of controller.db. Each step of <see cref="Steps"/> takes the schema from its index
/// to the next version; a new database runs them all. Times are ISO 8601 text; structures are JSON.</summary>
internal static class Schema
{
    public static readonly string[][] Steps =
    [
        [
            "CREATE TABLE schema_version (version INTEGER NOT NULL)",
            "INSERT INTO schema_version (version) VALUES (0)",
            """
            CREATE TABLE hosts (
                name TEXT PRIMARY KEY,
                address TEXT,
                state TEXT NOT NULL,
                offline INTEGER NOT NULL,
                facts TEXT NOT NULL,
                agent_version TEXT,
                registered TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                problem TEXT,
                upgrade_image TEXT,
                upgrade_order INTEGER)
            """,
            """
            CREATE TABLE apps (
                name TEXT PRIMARY KEY,
                grp TEXT NOT NULL,
                instance INTEGER NOT NULL,
                host TEXT NOT NULL,
                package TEXT NOT NULL,
                package_name TEXT NOT NULL,
                package_version TEXT NOT NULL,
                parameters TEXT NOT NULL,
                resources TEXT NOT NULL,
                desired TEXT NOT NULL,
                status TEXT NOT NULL,
                ports TEXT NOT NULL,
                problem TEXT,
                since TEXT,
                migration TEXT,
                created TEXT NOT NULL)
            """,
            """
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                host TEXT NOT NULL,
                kind TEXT NOT NULL,
                body TEXT NOT NULL,
                state TEXT NOT NULL,
                result TEXT,
                created TEXT NOT NULL,
                delivered TEXT,
                finished TEXT)
            """,
            "CREATE INDEX orders_pending ON orders(state) WHERE state = 'pending'",
            """
            CREATE TABLE migrations (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                app TEXT NOT NULL,
                source TEXT NOT NULL,
                target TEXT NOT NULL,
                mode TEXT NOT NULL,
                phase TEXT NOT NULL,
                rounds INTEGER NOT NULL,
                bytes_sent INTEGER NOT NULL,
                last_round_bytes INTEGER NOT NULL,
                state_bytes INTEGER NOT NULL,
                downtime_ms REAL,
                error TEXT,
                log TEXT NOT NULL,
                started TEXT NOT NULL,
                finished TEXT,
                last_recipe TEXT,
                recipes TEXT NOT NULL,
                down_since TEXT,
                source_was_running INTEGER NOT NULL,
                steps TEXT NOT NULL)
            """,
            """
            CREATE TABLE events (
                id INTEGER PRIMARY KEY,
                time TEXT NOT NULL,
                kind TEXT NOT NULL,
                subject TEXT,
                message TEXT NOT NULL)
            """,
            """
            CREATE TABLE library_items (
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                version TEXT NOT NULL,
                digest TEXT NOT NULL,
                recipe TEXT NOT NULL,
                logical_bytes INTEGER NOT NULL,
                created TEXT NOT NULL,
                image TEXT,
                manifest TEXT,
                PRIMARY KEY (kind, name, version))
            """,
            """
            CREATE TABLE item_chunks (
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                version TEXT NOT NULL,
                chunk TEXT NOT NULL,
                PRIMARY KEY (kind, name, version, chunk))
            """,
        ],
    ];

    public static int Version => Steps.Length;
}
