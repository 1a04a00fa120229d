/** Entry point: mounts the app into #root. */
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { captureResetToken } from "./recovery/resetToken";
import "./ui/styles.css";

// Before anything renders: a reset link's token leaves the address bar.
captureResetToken();

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
