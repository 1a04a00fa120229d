// Tests of the shared controls' accessibility wiring: labels, hints, errors, states.
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { t } from "../messages";
import { Button } from "./Button";
import { Checkbox } from "./Checkbox";
import { PasswordField } from "./PasswordField";
import { RadioGroup } from "./RadioGroup";
import { Select } from "./Select";
import { TextArea, characterCount } from "./TextArea";
import { TextField } from "./TextField";

describe("TextField", () => {
  it("ties the label, hint and error to the input", () => {
    render(<TextField label="First name" hint="As on your badge." error="First name must not be empty." value="" onChange={() => {}} />);
    const input = screen.getByLabelText("First name");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("As on your badge. First name must not be empty.");
    expect(screen.getByRole("alert")).toHaveTextContent("First name must not be empty.");
  });

  it("has no error state without an error", () => {
    render(<TextField label="First name" value="" onChange={() => {}} />);
    expect(screen.getByLabelText("First name")).not.toHaveAttribute("aria-invalid");
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("PasswordField", () => {
  it("never trims what is typed or pasted", async () => {
    const user = userEvent.setup();
    const seen = vi.fn();
    function Harness() {
      const [value, setValue] = useState("");
      return (
        <PasswordField
          label="Password"
          autoComplete="current-password"
          value={value}
          onChange={(v) => {
            seen(v);
            setValue(v);
          }}
        />
      );
    }
    render(<Harness />);
    await user.click(screen.getByLabelText("Password"));
    await user.paste("  pasted secret ");
    expect(screen.getByLabelText("Password")).toHaveValue("  pasted secret ");
    expect(seen).toHaveBeenLastCalledWith("  pasted secret ");
    expect(screen.getByRole("button", { name: t("common.showPassword") })).toHaveAttribute("aria-pressed", "false");
  });
});

describe("Select, RadioGroup, Checkbox, TextArea", () => {
  it("label their controls", () => {
    render(
      <>
        <Select label="Question 1" placeholder="Choose a question" value="" onChange={() => {}} options={[{ value: "a", label: "A?" }]} />
        <RadioGroup
          legend="How?"
          name="how"
          value="x"
          onChange={() => {}}
          options={[
            { value: "x", label: "This way" },
            { value: "y", label: "That way" },
          ]}
        />
        <Checkbox label="I accept the terms of use" checked={false} onChange={() => {}} error="Select the box." />
        <TextArea label="Message" value="héllo 👋" onChange={() => {}} maxLength={5} />
      </>,
    );
    expect(screen.getByLabelText("Question 1")).toHaveDisplayValue("Choose a question");
    expect(screen.getByRole("group", { name: "How?" })).toBeInTheDocument();
    expect(screen.getByRole("radio", { name: "This way" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "I accept the terms of use" })).toHaveAccessibleDescription("Select the box.");
    const message = screen.getByLabelText("Message");
    expect(message).toHaveAttribute("aria-invalid", "true");
    expect(message).toHaveAccessibleDescription(t("common.charCountOver", { over: 2, count: 7, max: 5 }));
    expect(characterCount("👋👋")).toBe(2);
  });
});

describe("Button", () => {
  it("ignores clicks while busy or unavailable, and says so", async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    const { rerender } = render(<Button busy onClick={onClick}>Sign In</Button>);
    const button = screen.getByRole("button", { name: "Sign In" });
    await user.click(button);
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(button).toHaveAttribute("aria-disabled", "true");
    rerender(<Button unavailable onClick={onClick}>Sign In</Button>);
    await user.click(button);
    expect(onClick).not.toHaveBeenCalled();
    rerender(<Button onClick={onClick}>Sign In</Button>);
    await user.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });
});
