/**
 * The app: session, shell and the view for the current path. Only /login
 * (and the tiny home and not-found views) are in the first chunk; every
 * other flow loads on demand.
 */
import { Suspense, lazy } from "react";
import { LoginView } from "../login/LoginView";
import { Home } from "./Home";
import { Loading } from "./Loading";
import { NotFound } from "./NotFound";
import { useRoute } from "./router";
import { routeFor } from "./routes";
import { SessionProvider } from "./session";
import { Shell } from "./Shell";

const NoSitesView = lazy(() => import("../login/NoSitesView").then((m) => ({ default: m.NoSitesView })));
const RegisterView = lazy(() => import("../register/RegisterView").then((m) => ({ default: m.RegisterView })));
const ForgotPasswordView = lazy(() =>
  import("../recovery/ForgotPasswordView").then((m) => ({ default: m.ForgotPasswordView })),
);
const ResetPasswordView = lazy(() =>
  import("../recovery/ResetPasswordView").then((m) => ({ default: m.ResetPasswordView })),
);
const HelpView = lazy(() => import("../help/HelpView").then((m) => ({ default: m.HelpView })));
const ContactView = lazy(() => import("../support/ContactView").then((m) => ({ default: m.ContactView })));
const AccountView = lazy(() => import("../account/AccountView").then((m) => ({ default: m.AccountView })));
const DeskView = lazy(() => import("../desk/DeskView").then((m) => ({ default: m.DeskView })));
const AdminView = lazy(() => import("../admin/AdminView").then((m) => ({ default: m.AdminView })));

function CurrentView() {
  const { path } = useRoute();
  switch (routeFor(path)) {
    case "home":
      return <Home />;
    case "login":
      return <LoginView />;
    case "noSites":
      return <NoSitesView />;
    case "register":
      return <RegisterView />;
    case "forgotPassword":
      return <ForgotPasswordView />;
    case "resetPassword":
      return <ResetPasswordView />;
    case "help":
      return <HelpView />;
    case "contact":
      return <ContactView />;
    case "account":
      return <AccountView />;
    case "desk":
      return <DeskView />;
    case "admin":
      return <AdminView />;
    case "notFound":
      return <NotFound />;
  }
}

export function App() {
  return (
    <SessionProvider>
      <Shell>
        <Suspense fallback={<Loading />}>
          <CurrentView />
        </Suspense>
      </Shell>
    </SessionProvider>
  );
}
