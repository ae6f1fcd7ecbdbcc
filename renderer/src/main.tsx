import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AuditReportPage, auditReportRoute } from './screens/audit/AuditReportPage';

// The printable audit report has its own route (the CLI and the app's PDF export load it); everything else is the app.
const report = auditReportRoute(location.hash);
createRoot(document.getElementById('root')!).render(report ? <AuditReportPage {...report} /> : <App />);
