//! Machines of other shapes: no hooks at all, a private machine type, and events with
//! several possible targets.

mod plain {
    use order_fsm::{NoHooks, StateMachine};

    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/plain.fsm")]
    struct Light;

    #[test]
    fn a_machine_without_hooks_uses_no_hooks() {
        let t = LightState::Off
            .fire(&LightEvent::Toggle, None, &mut NoHooks)
            .unwrap();
        assert_eq!(t.to, LightState::On);
        let on = light_states::Off::new(()).toggle();
        let broken = on.smash();
        assert!(broken.state().is_final());
        // No roles: every event is permitted to anyone.
        let all: Vec<_> = LightState::On.permitted_events(None).collect();
        assert_eq!(all, [LightEventKind::Toggle, LightEventKind::Smash]);
        assert_eq!(LightState::On.code(), None);
    }
}

mod choice {
    use order_fsm::{Context, StateMachine};

    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/choice.fsm")]
    pub struct Review;

    struct Desk {
        human: bool,
        archived: u32,
    }

    impl ReviewHooks for Desk {
        type Error = std::convert::Infallible;
        fn score_high(&self, event: &ReviewEvent, _: &Context<'_, Review>) -> bool {
            matches!(event, ReviewEvent::Submit { score } if *score >= 60)
        }
        fn needs_human(&self, _: &ReviewEvent, _: &Context<'_, Review>) -> bool {
            self.human
        }
        fn archive(&mut self, _: &ReviewEvent, _: &Context<'_, Review>) -> Result<(), Self::Error> {
            self.archived += 1;
            Ok(())
        }
    }

    #[test]
    fn several_targets_give_an_enum() {
        use review_states::outcome::PendingSubmit;
        let mut desk = Desk {
            human: true,
            archived: 0,
        };
        match review_states::Pending::new("a")
            .submit(90, &mut desk)
            .unwrap()
        {
            PendingSubmit::Approved(a) => assert_eq!(a.data(), &"a"),
            other => panic!("{other:?}"),
        }
        assert_eq!(desk.archived, 1);
        match review_states::Pending::new("b")
            .submit(10, &mut desk)
            .unwrap()
        {
            PendingSubmit::Manual(m) => {
                assert_eq!(m.timeouts_len(), 1);
            }
            other => panic!("{other:?}"),
        }
        desk.human = false;
        assert!(matches!(
            review_states::Pending::new("c")
                .submit(10, &mut desk)
                .unwrap(),
            PendingSubmit::Rejected(_)
        ));
    }

    trait TimeoutsLen {
        fn timeouts_len(&self) -> usize;
    }
    impl<D> TimeoutsLen for review_states::Manual<D> {
        fn timeouts_len(&self) -> usize {
            self.state().timeouts().len()
        }
    }

    #[test]
    fn the_dynamic_api_decides_the_same() {
        let mut desk = Desk {
            human: false,
            archived: 0,
        };
        let t = ReviewState::Pending
            .fire(
                &ReviewEvent::Submit { score: 5 },
                ReviewRole::Auditor,
                &mut desk,
            )
            .unwrap();
        assert_eq!(t.to, ReviewState::Rejected);
        let t = ReviewState::Manual.elapse(3 * 86_400, &mut desk).unwrap();
        assert_eq!(t.to, ReviewState::Rejected);
    }
}

mod many_roles {
    use order_fsm::StateMachine;

    #[derive(StateMachine)]
    #[fsm(spec = "tests/specs/many_roles.fsm")]
    struct Desk;

    /// A role past the 32nd may take a line open to every role, and only that: the table
    /// dispatch must not read another cell's data for it.
    #[test]
    fn a_role_past_the_thirty_second_is_judged_by_its_own_line() {
        let last = DeskRole::R32;
        assert!(DeskState::Open.can_fire(DeskEventKind::Take, Some(last)));
        // The first 32 roles close the order; the 33rd is not among them and hands it on.
        let take = |s: DeskState, r: DeskRole| {
            order_fsm::plan::decide::<Desk>(s, &DeskEvent::Take, Some(r), |_, _| true)
                .expect("a line for every role")
                .to
        };
        assert_eq!(take(DeskState::Taken, DeskRole::R0), DeskState::Closed);
        assert_eq!(take(DeskState::Taken, DeskRole::R31), DeskState::Closed);
        assert_eq!(take(DeskState::Taken, last), DeskState::Escaped);
        assert!(DeskState::Taken.can_fire(DeskEventKind::Take, Some(last)));
        let t = order_fsm::plan::decide::<Desk>(
            DeskState::Open,
            &DeskEvent::Take,
            Some(last),
            |_, _| true,
        )
        .expect("open to every role");
        assert_eq!(t.to, DeskState::Taken);
    }
}
