using Microsoft.Data.Sqlite;

namespace Fulfillment.Server.Hosting;

/// <summary>
/// Absolute locations of everything the server keeps on disk, resolved once from
/// <see cref="FulfillmentServerOptions.DataDirectory"/>. Registered as a singleton: inject it wherever
/// a file, folder or the SQLite connection string is needed so no one re-derives paths on their own.
/// </summary>
public sealed class FulfillmentPaths
{
    public FulfillmentPaths(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);

        // GetFullPath resolves relative paths against the current directory, which is what
        // `dotnet run` users expect (./data next to where they typed the command).
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "fulfillment.db");
        MailDirectory = Path.Combine(DataDirectory, "mail");
        KeysDirectory = Path.Combine(DataDirectory, "keys");

        // A plain file path: "Cache=Shared" would serialise all connections on one shared cache and
        // defeat WAL's concurrent readers, which the engine relies on.
        SqliteConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    /// <summary>The root folder of all server state.</summary>
    public string DataDirectory { get; }

    /// <summary>The SQLite database shared by Identity and the workflow engine.</summary>
    public string DatabasePath { get; }

    /// <summary>The e-mail pickup folder (one <c>.eml</c> file per message).</summary>
    public string MailDirectory { get; }

    /// <summary>ASP.NET Core Data Protection keys, so tokens and cookies survive a restart.</summary>
    public string KeysDirectory { get; }

    /// <summary>Connection string for <see cref="DatabasePath"/>.</summary>
    public string SqliteConnectionString { get; }

    /// <summary>Creates the data and mail folders if they do not exist yet.</summary>
    public void EnsureDirectoriesExist()
    {
        Directory.CreateDirectory(DataDirectory);
        Directory.CreateDirectory(MailDirectory);
        Directory.CreateDirectory(KeysDirectory);
    }
}
