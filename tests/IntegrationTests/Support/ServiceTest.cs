namespace ActOnSync.IntegrationTests.Support;

/// <summary>A test class with a service of its own: a fresh host and database per test.</summary>
public abstract class ServiceTest : IDisposable
{
    protected ServiceTest(IDictionary<string, string?>? settings = null)
    {
        Host = new ActOnSyncHost(settings);
        Client = Host.CreateClient();
    }

    protected ActOnSyncHost Host { get; }

    protected HttpClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Host.Dispose();
        GC.SuppressFinalize(this);
    }
}
