using MassEmail.Cli;

return await CliApp.RunAsync(args);
