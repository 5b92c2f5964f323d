const mb = () => Math.round(process.memoryUsage().rss / 1048576) + ' MB rss, heap ' + Math.round(process.memoryUsage().heapUsed / 1048576) + ', max ' + Math.round(process.resourceUsage().maxRSS / 1024);
console.log('start', mb());
await import('luxon'); console.log('luxon', mb());
await import('better-sqlite3'); console.log('sqlite', mb());
await import('botbuilder'); console.log('botbuilder', mb());
await import('@azure/msal-node'); console.log('msal', mb());
await import('nock'); console.log('nock', mb());
