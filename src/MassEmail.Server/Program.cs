using MassEmail.Server.Admin;
using MassEmail.Server.Grpc.Admin;
using MassEmail.Server.Grpc.Macros;
using MassEmail.Server.Grpc.Plugins;
using MassEmail.Server.Grpc.Recipients;
using MassEmail.Server.Grpc.Scheduling;
using MassEmail.Server.Grpc.Sending;
using MassEmail.Server.Grpc.Templates;
using MassEmail.Server.Hosting;
using MassEmail.Server.Http;
using MassEmail.Server.Http.OptOut;
using MassEmail.Server.Http.Sns;
using MassEmail.Server.Http.Webhooks;
using MassEmail.Server.Telemetry;

var builder = WebApplication.CreateBuilder(args.SkipWhile(a => a == "admin").ToArray());
builder.Services.AddMassEmailServer(builder.Configuration);

var app = builder.Build();
if (args.FirstOrDefault() == "admin")
{
    return await AdminCommand.RunAsync(app.Services, args[1..], Console.Out);
}

app.UsePublicEndpoint();
app.MapMetrics();
app.MapOptOutEndpoints();
app.MapSnsEndpoints();
app.MapWebhookEndpoints();
app.MapGrpcService<TemplatesGrpcService>();
app.MapGrpcService<AdminGrpcService>();
app.MapGrpcService<RecipientsGrpcService>();
app.MapGrpcService<MassSendGrpcService>();
app.MapGrpcService<SchedulesGrpcService>();
app.MapGrpcService<MacrosGrpcService>();
app.MapGrpcService<PluginsGrpcService>();
app.MapGrpcService<MassEmail.Server.Grpc.Autoresponders.AutorespondersGrpcService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
await app.RunAsync();
return 0;

/// <summary>Visible to WebApplicationFactory in the functional tests.</summary>
public partial class Program;
