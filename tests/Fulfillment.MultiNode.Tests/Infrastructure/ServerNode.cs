using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace Fulfillment.MultiNode.Tests.Infrastructure;

/// <summary>
/// One real server process: the built <c>Fulfillment.Server.dll</c> started with <c>dotnet</c>, its own
/// port, data directory and node name, configured through environment variables as an operator would.
/// Its output goes to <c>server.log</c> in its directory.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _http;

    private ServerNode(string name, string directory, int port, Process process, StreamWriter log)
    {
        Name = name;
        Directory = directory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _process = process;
        _log = log;
        _http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public string Directory { get; }

    public Uri BaseAddress { get; }

    public string LogPath => Path.Combine(Directory, "server.log");

    public bool HasExited => _process.HasExited;

    /// <summary>The server build this test project was built with (same configuration).</summary>
    public static string ServerAssembly { get; } = typeof(ServerNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ServerAssembly").Value!;

    /// <summary>Starts the process; <see cref="WaitUntilHealthyAsync"/> tells when it takes requests.</summary>
    public static ServerNode Start(string name, string directory, IReadOnlyDictionary<string, string> settings)
    {
        if (!File.Exists(ServerAssembly))
        {
            throw new FileNotFoundException($"The server is not built at {ServerAssembly}; build the solution first.");
        }

        System.IO.Directory.CreateDirectory(directory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssembly);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Fulfillment__DataDirectory"] = Path.Combine(directory, "data");
        start.Environment["Fulfillment__Engine__NodeName"] = name;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Fulfillment"] = "Information";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(Path.Combine(directory, "server.log"), append: true, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerNode(name, directory, port, process, log);
    }

    /// <summary>Polls <c>GET /health</c> until 200; fails early if the process exits.</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Server {Name} exited with {_process.ExitCode} while starting:\n{Tail()}");
            }

            try
            {
                using var response = await _http.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"Server {Name} was not healthy within {limit.TotalSeconds:0} s:\n{Tail()}");
    }

    /// <summary>An API client on this node with <paramref name="accessToken"/>.</summary>
    public HttpClient Client(string accessToken)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public async Task<string> LoginAsync(string email, string password)
    {
        using var response = await _http.PostAsJsonAsync("api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (string?)body?["accessToken"] ?? throw new InvalidOperationException("No access token in the login answer.");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, as a crash or <c>kill -9</c>.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>The end of the server's output, for failure messages.</summary>
    public string Tail(int lines = 40)
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var reader = new StreamReader(new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var all = reader.ReadToEnd().Split('\n');
        return string.Join('\n', all.TakeLast(lines));
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        _http.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        await Task.CompletedTask;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream is not null)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
