using System.Net;
using System.Net.Sockets;

namespace ActOnSync.Fakes;

public static class Loopback
{
    /// <summary>A 127.0.0.1 port free right now, for a server that must be told its port before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
